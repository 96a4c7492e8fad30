// The backend configuration models that DescribeBackendInfo returns (BackendConfig and its parts).
// The emulator decodes BackendModelData into this shape.

extension Catalog {
    static let backendConfig: [Field] = [
        .object("DiscoveryConfig", Catalog.discoveryConfig, "The information about the backend service when the backend service is of the Service Discovery type."),
        .object("EdasConfig", Catalog.edasConfig, "The EDAS configuration."),
        .object("EventBridgeConfig", Catalog.eventBridgeConfig, "The information about the backend service whose type is EventBridge."),
        .object("FunctionComputeConfig", Catalog.functionComputeConfig, "The information about the backend service whose type is Function Compute."),
        .string("HttpTargetHostName", "The host of the HTTP backend service."),
        .object("MockConfig", Catalog.mockConfig, "The information about the backend service when the backend service is of the Mock type."),
        .object("OssConfig", Catalog.ossConfig, "The information about the backend service whose type is Object Storage Service (OSS)."),
        .string("ServiceAddress", "The URL of the backend service."),
        .integer("ServiceTimeout", "The timeout period of the backend service, in millisecond."),
        .string("Type", "The type of the backend service."),
        .object("VpcConfig", Catalog.vpcConfig, "The information about the backend service when the backend service is of the VPC type."),
    ]

    static let vpcConfig: [Field] = [
        .string("InstanceId", "The ID of the Elastic Compute Service (ECS) or Server Load Balancer (SLB) instance in the VPC."),
        .string("Name", "The name of the VPC configuration."),
        .integer("Port", "The port number that corresponds to the instance."),
        .string("VpcAccessId", "The ID of the VPC access authorization."),
        .string("VpcId", "The ID of the VPC."),
        .string("VpcScheme", "Indicates whether HTTP or HTTPS is used."),
        .string("VpcTargetHostName", "The host of the VPC backend service."),
    ]

    static let ossConfig: [Field] = [
        .string("BucketName", "The name of the OSS bucket."),
        .string("OssRegionId", "The region ID of the OSS bucket."),
    ]

    static let mockConfig: [Field] = [
        .list("MockHeaders", of: Catalog.mockHeaders, "The header in the mocked response."),
        .string("MockResult", "The mocked response."),
        .string("MockStatusCode", "The status code in the mocked response."),
    ]

    static let mockHeaders: [Field] = [
        .string("HeaderName", "The header name."),
        .string("HeaderValue", "The header value."),
    ]

    static let functionComputeConfig: [Field] = [
        .string("FcBaseUrl", "The root path of the Function Compute service."),
        .string("FcRegionId", "The region ID of the Function Compute service."),
        .string("FcType", "The type of the service in Function Compute."),
        .string("FunctionName", "The function name that is defined in Function Compute."),
        .boolean("OnlyBusinessPath", "Indicates whether the backend service receives only the service path."),
        .string("Qualifier", "The alias of the function."),
        .string("RoleArn", "The Alibaba Cloud Resource Name (ARN) of the RAM role that is assumed by API Gateway to access Function Compute."),
        .string("ServiceName", "The service name that is defined in Function Compute."),
        .string("TriggerName", "The name of the trigger."),
    ]

    static let eventBridgeConfig: [Field] = [
        .string("EventBridgeRegionId", "The region ID of the event bus in EventBridge."),
        .string("EventBus", "The event bus."),
        .string("EventSource", "The event source."),
        .string("RoleArn", "The ARN of the RAM role to be assumed by API Gateway to access EventBridge."),
    ]

    static let edasConfig: [Field] = [
        .string("EdasAppId", "The EDAS application ID."),
        .string("MicroserviceNamespace", "The ID of the microservices namespace in EDAS."),
        .string("MicroserviceNamespaceId", "The ID of the microservices namespace in EDAS."),
        .string("MicroserviceNamespaceName", "The name of the microservices namespace in EDAS."),
        .string("MseInstanceId", "The MSE instance ID."),
        .string("RegistryType", "The registration type."),
        .string("ServiceName", "The service name."),
    ]

    static let discoveryConfig: [Field] = [
        .object("NacosConfig", Catalog.nacosConfig, "The Nacos configurations."),
        .string("RcType", "The registry type."),
        .object("ZookeeperConfig", Catalog.zookeeperConfig, "The ZooKeeper configuration."),
    ]

    static let zookeeperConfig: [Field] = [
        .string("ConnectString", "The connection URL of the ZooKeeper server."),
        .string("Namespace", "The namespace."),
        .string("ServiceName", "Service name"),
    ]

    static let nacosConfig: [Field] = [
        .string("AccessKey", "The AccessKey of the RAM user that has the resource management permissions on Microservices Engine (MSE)."),
        .string("AuthType", "The authentication method."),
        .string("Clusters", "The name of the cluster to which the microservice belongs."),
        .string("GroupName", "The name of the group to which the microservice that is registered with Nacos belongs."),
        .string("Namespace", "The ID of the namespace where the microservice that is registered with Nacos resides."),
        .string("Password", "The password."),
        .string("SecretKey", "The SecretKey of the RAM user that has the resource management permissions on MSE."),
        .string("ServerAddress", "The Nacos service address."),
        .string("ServiceName", "The microservice name."),
        .string("UserName", "The username."),
    ]
}
