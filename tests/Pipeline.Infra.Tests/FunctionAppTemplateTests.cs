using System.Reflection;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Pipeline.Functions.Functions;
using Pipeline.Functions.ServiceBus;
using Pipeline.Hosting;
using Pipeline.Integrity;
using Pipeline.Reconciliation;
using Pipeline.Storage;

namespace Pipeline.Infra.Tests;

[Collection(CompiledTemplateGroup.Name)]
public sealed class FunctionAppTemplateTests(CompiledTemplateFixture template)
{
    private static readonly string[] ForbiddenInValues =
        ["AccountKey=", "SharedAccessKey", "SharedAccessSignature", "sig=", "listKeys(", "listSecrets(", "listConnectionStrings(", "listAccountSas(", "listServiceSas("];

    private static readonly string[] ForbiddenNameParts = ["AccountKey", "SharedAccessKey", "Password", "Secret", "Sas"];

    public static TheoryData<string> RequiredInAzure()
    {
        var data = new TheoryData<string>();
        foreach (var name in AppSettingNames.RequiredInAzure)
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RequiredInAzure))]
    public void AppSettings_RequiredInAzure_IsSet(string name)
    {
        var settings = AppSettings();

        Assert.True(settings.TryGetProperty(name, out var value), $"main.bicep does not set app setting {name}.");
        Assert.False(string.IsNullOrWhiteSpace(value.GetString()), $"App setting {name} is empty.");
    }

    [Fact]
    public void AppSettings_Values_HoldNoSecretOrKey()
    {
        foreach (var setting in AppSettings().EnumerateObject())
        {
            var value = setting.Value.GetString() ?? string.Empty;
            foreach (var forbidden in ForbiddenInValues)
            {
                Assert.DoesNotContain(forbidden, value, StringComparison.OrdinalIgnoreCase);
            }

            foreach (var forbidden in ForbiddenNameParts)
            {
                Assert.DoesNotContain(forbidden, setting.Name, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public void AppSettings_Connections_IdentityBasedOnly()
    {
        var settings = AppSettings();

        Assert.False(settings.TryGetProperty("AzureWebJobsStorage", out _), "AzureWebJobsStorage must not be a connection string.");
        Assert.False(settings.TryGetProperty(AppSettingNames.EvidenceStorageConnection, out _));
        Assert.False(settings.TryGetProperty(AppSettingNames.IntegrityServiceBusConnection, out _));
        var credentials = settings.EnumerateObject().Where(setting => setting.Name.EndsWith("__credential", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, credentials.Count);
        Assert.All(credentials, credential => Assert.Equal("managedidentity", credential.Value.GetString()));
        Assert.All(
            settings.EnumerateObject().Where(setting => setting.Name.EndsWith("__clientId", StringComparison.Ordinal)),
            clientId => Assert.Equal("[parameters('identityClientId')]", clientId.Value.GetString()));
        Assert.StartsWith(
            "[format('Authorization=AAD;ClientId={0}'",
            settings.GetProperty("APPLICATIONINSIGHTS_AUTHENTICATION_STRING").GetString(),
            StringComparison.Ordinal);
    }

    [Fact]
    public void AppSettings_FlexConsumption_NoWorkerRuntimeOrExtensionVersion()
    {
        var settings = AppSettings();

        Assert.False(settings.TryGetProperty("FUNCTIONS_WORKER_RUNTIME", out _));
        Assert.False(settings.TryGetProperty("FUNCTIONS_EXTENSION_VERSION", out _));
        Assert.False(settings.TryGetProperty("WEBSITE_RUN_FROM_PACKAGE", out _));
    }

    [Theory]
    [InlineData(AppSettingNames.IntegrityTransport, "integrityTransport", "ServiceBus")]
    [InlineData(AppSettingNames.ReconciliationSchedule, "reconciliationSchedule", "0 0 2 * * *")]
    [InlineData(AppSettingNames.IntakeContainer, "intakeContainerName", "intake")]
    [InlineData(AppSettingNames.EvidenceContainer, "evidenceContainerName", "evidence")]
    [InlineData(AppSettingNames.QuarantineContainer, "quarantineContainerName", "quarantine")]
    [InlineData(AppSettingNames.ReportsContainer, "reportsContainerName", "reports")]
    [InlineData(AppSettingNames.AnchorsContainer, "anchorsContainerName", "anchors")]
    [InlineData(AppSettingNames.DocumentsTable, "documentsTableName", "documents")]
    public void AppSettings_PipelineOptions_DefaultToAppContract(string setting, string mainParameter, string expected)
    {
        var value = AppSettings().GetProperty(setting).GetString()!;

        Assert.Equal(expected, template.Resolve("function-app", value));
        Assert.Equal(expected, template.Resolve(null, $"[parameters('{mainParameter}')]"));
    }

    public static TheoryData<string, string> QueueTriggers()
    {
        // Every queue-triggered function binds its queue name from a setting (%Section:Key%) and a connection.
        var data = new TheoryData<string, string>();
        foreach (var parameter in typeof(ReconcileShardFunction).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods())
            .SelectMany(method => method.GetParameters()))
        {
            if (parameter.GetCustomAttribute<QueueTriggerAttribute>() is { } queue)
            {
                data.Add(queue.QueueName, queue.Connection!);
            }
            else if (parameter.GetCustomAttribute<ServiceBusTriggerAttribute>() is { } serviceBus)
            {
                data.Add(serviceBus.QueueName, serviceBus.Connection!);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(QueueTriggers))]
    public void AppSettings_QueueTrigger_QueueSettingAndConnectionSet(string queueExpression, string connection)
    {
        var settings = AppSettings();

        Assert.Matches("^%[A-Za-z]+(:[A-Za-z]+)+%$", queueExpression);
        var setting = SettingName(queueExpression);
        Assert.True(settings.TryGetProperty(setting, out var value), $"function-app.bicep does not set {setting}, which a trigger binds.");
        Assert.False(string.IsNullOrWhiteSpace(value.GetString()));
        Assert.Contains(AppSettingNames.RequiredInAzure, name => name.StartsWith(connection + "__", StringComparison.Ordinal));
    }

    [Fact]
    public void AppSettings_StorageShardQueue_TriggerBindsTheAppsQueue()
    {
        var trigger = ShardTrigger<QueueTriggerAttribute>(typeof(ReconcileShardFunction));
        var value = AppSettings().GetProperty(SettingName(trigger.QueueName)).GetString()!;

        Assert.Equal(AppSettingNames.EvidenceStorageConnection, trigger.Connection);
        Assert.Equal(new PipelineStorageOptions().ReconciliationShardQueue, template.Resolve("function-app", value));
        // The same queue the evidence account declares.
        Assert.Equal(new PipelineStorageOptions().ReconciliationShardQueue, template.Resolve("evidence-storage", "[parameters('reconciliationShardQueueName')]"));
    }

    [Fact]
    public void AppSettings_ServiceBusShardQueue_TriggerBindsTheNamespacesShardQueue()
    {
        var trigger = ShardTrigger<ServiceBusTriggerAttribute>(typeof(ReconcileShardServiceBusFunction));
        var value = AppSettings().GetProperty(SettingName(trigger.QueueName)).GetString()!;
        var passed = template.ModuleDeployments["function-app"].GetProperty("properties").GetProperty("parameters");

        Assert.Equal(AppSettingNames.IntegrityServiceBusConnection, trigger.Connection);
        Assert.Equal("[parameters('reconciliationShardQueueName')]", value);
        Assert.Contains("'service-bus'", passed.GetProperty("reconciliationShardQueueName").GetProperty("value").GetString(), StringComparison.Ordinal);
        Assert.Contains(".outputs.reconciliationShardQueueName.value", passed.GetProperty("reconciliationShardQueueName").GetProperty("value").GetString(), StringComparison.Ordinal);
        Assert.Equal(new ReconciliationOptions().ShardQueue, template.Resolve("service-bus", "[parameters('reconciliationShardQueueName')]"));
    }

    [Fact]
    public void MainParameters_IntegrityTransport_OnlyWhatTheAppAccepts()
    {
        // The app refuses any other transport at start-up (see PipelineServiceCollectionExtensions).
        var allowed = template.Root.GetProperty("parameters").GetProperty("integrityTransport").GetProperty("allowedValues")
            .EnumerateArray().Select(v => v.GetString()).ToList();

        Assert.Equal([IntegrityCheckTransports.ServiceBus, IntegrityCheckTransports.StorageQueue], allowed);
    }

    [Fact]
    public void FunctionApp_Runtime_FlexDotnetIsolated10WithUserAssignedIdentity()
    {
        var plan = template.OneOf("function-app", "Microsoft.Web/serverfarms");
        var app = template.OneOf("function-app", "Microsoft.Web/sites");

        Assert.Equal("FC1", plan.Element.GetProperty("sku").GetProperty("name").GetString());
        Assert.Equal("FlexConsumption", plan.Element.GetProperty("sku").GetProperty("tier").GetString());
        Assert.Equal("UserAssigned", app.Element.GetProperty("identity").GetProperty("type").GetString());
        Assert.Equal("dotnet-isolated", app.Property("functionAppConfig.runtime.name").GetString());
        Assert.Equal("10.0", app.Property("functionAppConfig.runtime.version").GetString());
        Assert.True(app.Property("httpsOnly").GetBoolean());
        Assert.Equal("1.2", app.Property("siteConfig.minTlsVersion").GetString());
        Assert.Equal("Disabled", app.Property("siteConfig.ftpsState").GetString());
        // azd finds the app to deploy the `functions` service to by this tag.
        var tags = app.Element.GetProperty("tags").GetRawText();
        Assert.Contains("azd-service-name", tags, StringComparison.Ordinal);
        Assert.Contains("'functions'", tags, StringComparison.Ordinal);
    }

    [Fact]
    public void FunctionApp_DeploymentStorage_UserAssignedIdentityAuth()
    {
        var app = template.OneOf("function-app", "Microsoft.Web/sites");

        Assert.Equal("blobContainer", app.Property("functionAppConfig.deployment.storage.type").GetString());
        Assert.Equal("UserAssignedIdentity", app.Property("functionAppConfig.deployment.storage.authentication.type").GetString());
        Assert.Equal(
            "[parameters('identityId')]",
            app.Property("functionAppConfig.deployment.storage.authentication.userAssignedIdentityResourceId").GetString());
    }

    [Fact]
    public void FunctionApp_AlwaysReady_IntegrityCheckConsumerWarm()
    {
        var app = template.OneOf("function-app", "Microsoft.Web/sites");

        var alwaysReady = Assert.Single(app.Property("functionAppConfig.scaleAndConcurrency.alwaysReady").EnumerateArray());
        Assert.Contains("function:", alwaysReady.GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.Contains("integrityCheckFunctionName", alwaysReady.GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.True(template.Root.GetProperty("parameters").GetProperty("alwaysReadyInstanceCount").GetProperty("defaultValue").GetInt32() >= 1);
    }

    [Fact]
    public void MainParameters_FunctionNames_MatchTheAppsFunctions()
    {
        var parameters = template.Root.GetProperty("parameters");

        Assert.Equal(IntegrityCheckFunction.Name, parameters.GetProperty("integrityCheckFunctionName").GetProperty("defaultValue").GetString());
        Assert.Equal(IngestUploadFunction.Name, parameters.GetProperty("ingestFunctionName").GetProperty("defaultValue").GetString());
    }

    [Fact]
    public void FunctionApp_BasicPublishingCredentials_Disabled()
    {
        var policies = template.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies").ToList();

        Assert.Equal(2, policies.Count);
        Assert.All(policies, policy => Assert.False(policy.Property("allow").GetBoolean()));
    }

    /// <summary>The app setting a binding expression reads: <c>%Pipeline:Storage:X%</c> is <c>Pipeline__Storage__X</c>.</summary>
    private static string SettingName(string bindingExpression) => bindingExpression.Trim('%').Replace(":", "__", StringComparison.Ordinal);

    private static TAttribute ShardTrigger<TAttribute>(Type function)
        where TAttribute : Attribute =>
        Assert.Single(function.GetMethods()
            .SelectMany(method => method.GetParameters())
            .Select(parameter => parameter.GetCustomAttribute<TAttribute>())
            .OfType<TAttribute>());

    private JsonElement AppSettings()
    {
        var config = Assert.Single(
            template.OfType("Microsoft.Web/sites/config"),
            resource => resource.Name.Contains("'appsettings'", StringComparison.Ordinal));
        return config.Properties;
    }
}
