-- API products: attach two published APIs to a product, list them, authorize an app, then detach
-- and delete. With --emulator the demo state has the APIs and apps this uses.
--
--   moongate run --emulator scripts/examples/product-attach-detach.lua
local client = apigateway.default
local product = params.product or "demo-product"
local apis = {
  { ApiId = params.api1 or "3b81fd160f5645e097cc8855d75a1cf6", StageName = "RELEASE" },
  { ApiId = params.api2 or "5da30f382b7867a2b9eea077f97c3e18", StageName = "TEST" },
}
local app_id = math.tointeger(params.app or 110840612)

print(("attach %d APIs to %s"):format(#apis, product))
client:attach_api_product{ ApiProductId = product, Apis = apis }

for api in client:each("DescribeApiProductApis", { ApiProductId = product }) do
  print(("  attached: %s %s %s (%s)"):format(api.ApiId, api.StageName, api.ApiName or "", api.Path or ""))
end

print(("authorize app %d"):format(app_id))
client:set_apps_auth_to_api_product{ ApiProductId = product, AppIds = { app_id }, Description = "demo" }
for app in client:each("DescribeAppsByApiProduct", { ApiProductId = product }) do
  print(("  authorized: %d %s"):format(app.AppId, app.AppName or ""))
end

print("detach the TEST API")
client:detach_api_product{ ApiProductId = product, Apis = { apis[2] } }
local left = client:describe_api_product_apis{ ApiProductId = product }
print(("  %d API(s) left"):format(left.TotalCount))

print("delete the product")
client:delete_api_product{ ApiProductId = product }
