using System.Reflection;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Pipeline.Functions.Functions;
using Pipeline.Hosting;
using Pipeline.Portal;

namespace Pipeline.Infra.Tests;

/// <summary>
/// Easy Auth in front of the portal API: the platform rejects every /api request without a valid Entra ID token,
/// and the app settings say the app trusts exactly that (PortalAuthenticator reads X-MS-CLIENT-PRINCIPAL only then).
/// </summary>
[Collection(CompiledTemplateGroup.Name)]
public sealed class PortalAuthTemplateTests(CompiledTemplateFixture template)
{
    private const string Module = "portal-auth";

    [Fact]
    public void EasyAuth_FunctionApp_EntraIdRequiredAndUnauthenticatedGet401()
    {
        var auth = AuthSettings();

        Assert.True(auth.Property("platform.enabled").GetBoolean());
        Assert.True(auth.Property("globalValidation.requireAuthentication").GetBoolean());
        Assert.Equal("Return401", auth.Property("globalValidation.unauthenticatedClientAction").GetString());
        Assert.True(auth.Property("httpSettings.requireHttps").GetBoolean());
        Assert.True(auth.Property("identityProviders.azureActiveDirectory.enabled").GetBoolean());
        Assert.False(auth.Property("login.tokenStore.enabled").GetBoolean());
        // It configures the app the function-app module creates.
        Assert.Equal("[format('{0}/{1}', parameters('appName'), 'authsettingsV2')]", auth.Name);
        Assert.Equal(Passed("appName", "function-app").GetString(), Passed("appName").GetString());
    }

    [Fact]
    public void EasyAuth_EntraIdRegistration_FromClientIdTenantAndAudienceParameters()
    {
        var auth = AuthSettings();
        var parameters = template.Root.GetProperty("parameters");

        Assert.Equal("[parameters('portalClientId')]", template.Resolve(Module, auth.Property("identityProviders.azureActiveDirectory.registration.clientId").GetString()!));
        Assert.False(parameters.GetProperty("portalClientId").TryGetProperty("defaultValue", out _), "The client id has no default: every deployment names its app registration.");
        Assert.Equal(1, parameters.GetProperty("portalClientId").GetProperty("minLength").GetInt32());
        Assert.Equal("[tenant().tenantId]", parameters.GetProperty("portalTenantId").GetProperty("defaultValue").GetString());
        Assert.Equal(JsonValueKind.Array, parameters.GetProperty("portalAllowedAudiences").GetProperty("defaultValue").ValueKind);
        Assert.Equal("[parameters('portalTenantId')]", Passed("tenantId").GetString());
        Assert.Equal("[parameters('portalAllowedAudiences')]", Passed("allowedAudiences").GetString());
        // The v2 issuer of the tenant, on the cloud's own login endpoint (no hard-coded host).
        Assert.Equal(
            "[format('{0}{1}/v2.0', environment().authentication.loginEndpoint, parameters('tenantId'))]",
            auth.Property("identityProviders.azureActiveDirectory.registration.openIdIssuer").GetString());
        var audiences = auth.Property("identityProviders.azureActiveDirectory.validation.allowedAudiences").GetString()!;
        Assert.Contains("format('api://{0}', parameters('clientId'))", audiences, StringComparison.Ordinal);
        Assert.Contains("parameters('allowedAudiences')", audiences, StringComparison.Ordinal);
    }

    [Fact]
    public void MainParameters_PortalClientId_FromAzdEnvironment()
    {
        using var parameters = JsonDocument.Parse(File.ReadAllText(InfraPaths.MainParameters));

        Assert.Equal("${PORTAL_CLIENT_ID}", parameters.RootElement.GetProperty("parameters").GetProperty("portalClientId").GetProperty("value").GetString());
    }

    [Fact]
    public void EasyAuth_ExcludedPaths_OnlyTheBlobWebhookEventGridCallsWithItsKey()
    {
        Assert.Equal("[parameters('excludedPaths')]", AuthSettings().Property("globalValidation.excludedPaths").GetString());
        var excluded = Passed("excludedPaths").EnumerateArray().Select(path => path.GetString()!).ToList();
        var subscription = template.OneOf("intake-event-subscription", "Microsoft.EventGrid/systemTopics/eventSubscriptions");

        Assert.Equal(["/runtime/webhooks/blobs"], excluded);
        Assert.Contains("/runtime/webhooks/blobs?", subscription.Property("destination.properties.endpointUrl").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void EasyAuth_EveryHttpFunction_UnderApiAndNotExcluded()
    {
        // The HTTP triggers are AuthorizationLevel.Anonymous: Easy Auth is their only gate, so none may be excluded.
        var excluded = Passed("excludedPaths").EnumerateArray().Select(path => path.GetString()!).ToList();
        var routes = typeof(CreateUploadFunction).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods())
            .SelectMany(method => method.GetParameters())
            .Select(parameter => parameter.GetCustomAttribute<HttpTriggerAttribute>())
            .Where(trigger => trigger is not null)
            .Select(trigger => "/api/" + trigger!.Route)
            .ToList();
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(InfraPaths.InfraRoot)!, "host.json")));

        Assert.True(routes.Count >= 6, $"found {routes.Count} HTTP functions");
        Assert.False(host.RootElement.GetProperty("extensions").TryGetProperty("http", out _), "host.json must keep the /api route prefix.");
        Assert.All(routes, route => Assert.DoesNotContain(excluded, path => route.StartsWith(path, StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public void AppSettings_PortalAuthentication_EasyAuthWithGrantsFromParameter()
    {
        var settings = Assert.Single(
            template.OfType("Microsoft.Web/sites/config"),
            resource => resource.Name.Contains("'appsettings'", StringComparison.Ordinal)).Properties;

        Assert.Equal(PortalAuthentication.EasyAuth, Enum.Parse<PortalAuthentication>(settings.GetProperty(AppSettingNames.PortalAuthentication).GetString()!));
        Assert.Equal("[string(parameters('portalGrants'))]", settings.GetProperty(AppSettingNames.PortalGrantsJson).GetString());
        Assert.Equal("[parameters('portalGrants')]", Passed("portalGrants", "function-app").GetString());
        Assert.Equal(JsonValueKind.Object, template.Root.GetProperty("parameters").GetProperty("portalGrants").GetProperty("defaultValue").ValueKind);
    }

    private TemplateResource AuthSettings() => Assert.Single(
        template.OfType("Microsoft.Web/sites/config"),
        resource => resource.Name.Contains("'authsettingsV2'", StringComparison.Ordinal));

    private JsonElement Passed(string parameter, string module = Module) =>
        template.ModuleDeployments[module].GetProperty("properties").GetProperty("parameters").GetProperty(parameter).GetProperty("value");
}
