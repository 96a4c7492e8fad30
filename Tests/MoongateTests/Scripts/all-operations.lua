-- Calls every one of the 19 operations through the Lua bindings and checks what comes back.
-- Returns the names of the operations it called (the Swift test compares them with the catalog).
local c = apigateway.default
local called = {}
local function call(method, params)
  local response = c[method](c, params)
  assert(type(response.RequestId) == "string" and #response.RequestId > 0, method .. ": no RequestId")
  called[#called + 1] = method
  return response
end

local API_LIST, API_HEALTH, APP = "3b81fd160f5645e097cc8855d75a1cf6", "5da30f382b7867a2b9eea077f97c3e18", 110840612

-- backends
local id = call("create_backend", { BackendName = "all-ops", BackendType = "HTTP", Description = "d1",
  Tag = { { Key = "team", Value = "core" } } }).BackendId
assert(id:match("^%x+$") and #id == 32, "BackendId is 32 hex: " .. id)
local info = call("describe_backend_info", { BackendId = id }).BackendInfo
assert(info.BackendName == "all-ops" and info.BackendType == "HTTP" and info.Description == "d1")
local list = call("describe_backend_list", { BackendName = "all-ops", PageSize = 5 })
assert(math.type(list.TotalCount) == "integer" and list.TotalCount == 1, "TotalCount is an integer 1")
assert(list.BackendInfoList[1].BackendId == id)
call("modify_backend", { BackendId = id, BackendName = "all-ops-2", BackendType = "HTTP", Description = "d2" })
assert(c:describe_backend_info{ BackendId = id }.BackendInfo.BackendName == "all-ops-2")
local seeded = c:describe_backend_list{ BackendName = "orders-service" }.BackendInfoList[1].BackendId
local apis = call("describe_apis_by_backend", { BackendId = seeded, StageName = "RELEASE" })
assert(apis.TotalCount >= 1 and apis.ApiInfoList.ApiInfo[1].ApiId ~= nil, "seeded APIs use the seeded backend")

-- backend models
local model = call("create_backend_model", { BackendId = id, BackendType = "HTTP", StageName = "TEST",
  BackendModelData = { ServiceAddress = "http://10.0.0.1:8080", ServiceTimeout = 3000 } }).BackendModelId
local config = c:describe_backend_info{ BackendId = id }.BackendInfo.BackendModels[1].BackendConfig
assert(config.ServiceAddress == "http://10.0.0.1:8080" and config.ServiceTimeout == 3000
  and math.type(config.ServiceTimeout) == "integer")
local op = call("modify_backend_model", { BackendId = id, BackendModelId = model, StageName = "TEST",
  BackendModelData = '{"ServiceAddress":"http://10.0.0.9:80"}' }).OperationId
local task = call("describe_update_backend_task", { OperationUid = op })
assert(type(task.ApiUpdateBackendResults) == "table")
call("delete_backend_model", { BackendId = id, BackendModelId = model, StageName = "TEST" })
call("delete_backend", { BackendId = id })

-- API products
call("attach_api_product", { ApiProductId = "p-all", Apis = { { ApiId = API_LIST, StageName = "RELEASE" },
  { ApiId = API_HEALTH, StageName = "TEST" } } })
local attached = call("describe_api_product_apis", { ApiProductId = "p-all" })
assert(attached.TotalCount == 2, "two APIs attached")
call("set_apps_auth_to_api_product", { ApiProductId = "p-all", AppIds = { APP } })
local apps = call("describe_apps_by_api_product", { ApiProductId = "p-all" })
assert(apps.AuthorizedApps.AuthorizedApp[1].AppId == APP and math.type(apps.AuthorizedApps.AuthorizedApp[1].AppId) == "integer")
call("set_api_products_authorities", { AppId = APP, ApiProductIds = { "p-all", "prod-orders" } })
local products = call("describe_api_products_by_app", { AppId = APP })
assert(products.TotalCount >= 2, "app authorized on two products")
call("remove_api_products_authorities", { AppId = APP, ApiProductIds = { "prod-orders" } })
assert(c:describe_api_products_by_app{ AppId = APP }.TotalCount == products.TotalCount - 1)
call("detach_api_product", { ApiProductId = "p-all", Apis = { { ApiId = API_HEALTH, StageName = "TEST" } } })
assert(c:describe_api_product_apis{ ApiProductId = "p-all" }.TotalCount == 1)
call("delete_api_product", { ApiProductId = "p-all" })
return called
