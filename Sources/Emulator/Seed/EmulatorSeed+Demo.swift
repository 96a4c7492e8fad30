// The demo seed `moongate run --emulator` starts with: an API group, three APIs (two use the seeded
// `orders-service` backend), two apps and one API product, so every example has something to refer to.
import Foundation

extension EmulatorSeed {
    /// The built-in demo state (the same content as scripts/examples/emulator-seed.json).
    public static let demo: EmulatorSeed = {
        // A literal the tests decode and compare with the example file, so the two cannot drift.
        try! JSONDecoder().decode(EmulatorSeed.self, from: Data(demoJSON.utf8))
    }()

    static let demoJSON = """
        {
          "Groups": [
            {
              "GroupId": "a8c9a4f5e0d34b1f8c2d3e4f5a6b7c8d",
              "GroupName": "shop",
              "RegionId": "cn-hangzhou"
            }
          ],
          "Backends": [
            {
              "BackendId": "0d105f80a8f340408bd34954d4e4ff22",
              "BackendName": "orders-service",
              "BackendType": "HTTP",
              "Description": "Seeded backend used by the orders APIs",
              "Tags": [
                {
                  "Key": "env",
                  "Value": "demo"
                }
              ]
            }
          ],
          "Apis": [
            {
              "ApiId": "3b81fd160f5645e097cc8855d75a1cf6",
              "ApiName": "ListOrders",
              "GroupId": "a8c9a4f5e0d34b1f8c2d3e4f5a6b7c8d",
              "Method": "GET",
              "Path": "/orders",
              "Description": "List orders",
              "Stages": [
                "RELEASE",
                "TEST"
              ],
              "BackendId": "0d105f80a8f340408bd34954d4e4ff22"
            },
            {
              "ApiId": "4c92fe271a6756f1a8dd9966e86b2d07",
              "ApiName": "GetOrder",
              "GroupId": "a8c9a4f5e0d34b1f8c2d3e4f5a6b7c8d",
              "Method": "GET",
              "Path": "/orders/[id]",
              "StageName": "RELEASE",
              "BackendId": "0d105f80a8f340408bd34954d4e4ff22"
            },
            {
              "ApiId": "5da30f382b7867a2b9eea077f97c3e18",
              "ApiName": "Health",
              "GroupId": "a8c9a4f5e0d34b1f8c2d3e4f5a6b7c8d",
              "Method": "GET",
              "Path": "/health",
              "Stages": [
                "RELEASE",
                "PRE",
                "TEST"
              ]
            }
          ],
          "Apps": [
            {
              "AppId": 110840611,
              "AppName": "mobile-app",
              "Description": "The mobile client"
            },
            {
              "AppId": 110840612,
              "AppName": "partner-portal"
            }
          ],
          "ApiProducts": [
            {
              "ApiProductId": "prod-orders",
              "Apis": [
                {
                  "ApiId": "3b81fd160f5645e097cc8855d75a1cf6",
                  "StageName": "RELEASE"
                }
              ],
              "AppIds": [
                110840611
              ]
            }
          ]
        }
        """
}
