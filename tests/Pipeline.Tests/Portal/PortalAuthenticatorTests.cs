using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pipeline.Portal;
using Pipeline.Tests.Functions;

namespace Pipeline.Tests.Portal;

/// <summary>Who is trusted as a caller: Easy Auth principals only where the platform runs Easy Auth, dev keys only on the local host.</summary>
public sealed class PortalAuthenticatorTests
{
    private const string ObjectId = "0f0f0f0f-1111-2222-3333-444444444444";

    [Fact]
    public void Authenticate_PrincipalHeaderWithoutEasyAuthEnabled_Refused()
    {
        var authenticator = Create(PortalAuthentication.EasyAuth, easyAuthEnabled: false);

        var caller = authenticator.Authenticate(Request(PortalAuthenticator.PrincipalHeader, HttpFunctionTests.Principal(ObjectId, "forged")), out var failure);

        Assert.Null(caller);
        Assert.Contains("not enabled", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Authenticate_EasyAuthPrincipal_GrantFromItsObjectId()
    {
        var authenticator = Create(PortalAuthentication.EasyAuth, easyAuthEnabled: true);

        var caller = authenticator.Authenticate(Request(PortalAuthenticator.PrincipalHeader, HttpFunctionTests.Principal(ObjectId, "clerk@court.example")), out _);

        Assert.NotNull(caller);
        Assert.Equal("clerk@court.example", caller.Name);
        Assert.True(caller.Grant.Allows("FAM-1"));
        Assert.False(caller.Grant.Allows("CIV-1"));
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("bm90IGpzb24=")]
    [InlineData("e30=")]
    public void Authenticate_MalformedPrincipal_Refused(string header)
    {
        var authenticator = Create(PortalAuthentication.EasyAuth, easyAuthEnabled: true);

        Assert.Null(authenticator.Authenticate(Request(PortalAuthenticator.PrincipalHeader, header), out var failure));
        Assert.NotEmpty(failure);
    }

    [Fact]
    public void Authenticate_DevKeyWhenHostUsesEasyAuth_Refused()
    {
        var authenticator = Create(PortalAuthentication.EasyAuth, easyAuthEnabled: true);

        Assert.Null(authenticator.Authenticate(Request(PortalAuthenticator.DevKeyHeader, "a-configured-dev-key-123"), out _));
    }

    [Fact]
    public void Authenticate_PrincipalHeaderWhenHostUsesDevKeys_Refused()
    {
        var authenticator = Create(PortalAuthentication.DevKey, easyAuthEnabled: true);

        Assert.Null(authenticator.Authenticate(Request(PortalAuthenticator.PrincipalHeader, HttpFunctionTests.Principal(ObjectId, "x")), out _));
        Assert.NotNull(authenticator.Authenticate(Request(PortalAuthenticator.DevKeyHeader, "a-configured-dev-key-123"), out _));
    }

    [Fact]
    public void AddPipelinePortal_GrantsJson_MergedSoTheHyphenatedObjectIdIsGranted()
    {
        // App Service setting names cannot hold '-': Azure configures grants as one JSON setting (infra: portalGrants).
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([
                new("WEBSITE_AUTH_ENABLED", "True"),
                new("Pipeline:Portal:GrantsJson", $$"""{"{{ObjectId}}": "FAM-*, CIV-9"}"""),
            ])
            .Build();
        using var services = new ServiceCollection().AddPipelinePortal(configuration).AddSingleton<IConfiguration>(configuration).BuildServiceProvider();

        var caller = services.GetRequiredService<PortalAuthenticator>()
            .Authenticate(Request(PortalAuthenticator.PrincipalHeader, HttpFunctionTests.Principal(ObjectId, "clerk@court.example")), out _);

        Assert.NotNull(caller);
        Assert.True(caller.Grant.Allows("FAM-1"));
        Assert.True(caller.Grant.Allows("CIV-9"));
        Assert.False(caller.Grant.Allows("CIV-1"));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[\"FAM-*\"]")]
    [InlineData("{\"oid\": 5}")]
    public void AddPipelinePortal_MalformedGrantsJson_OptionsRefused(string json)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Pipeline:Portal:GrantsJson", json)]).Build();
        using var services = new ServiceCollection().AddPipelinePortal(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<PortalOptions>>().Value);
        Assert.Contains("GrantsJson", error.Message, StringComparison.Ordinal);
    }

    private static PortalAuthenticator Create(PortalAuthentication mode, bool easyAuthEnabled)
    {
        var options = new PortalOptions { Authentication = mode };
        options.Grants[ObjectId] = "FAM-*";
        options.DevKeys.Add(new PortalDevKey { Name = "dev", Key = "a-configured-dev-key-123", Cases = "*" });
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(easyAuthEnabled ? [new("WEBSITE_AUTH_ENABLED", "True")] : [])
            .Build();
        return new PortalAuthenticator(Options.Create(options), configuration);
    }

    private static PortalRequest Request(string header, string value) =>
        new(name => string.Equals(name, header, StringComparison.OrdinalIgnoreCase) ? value : null, "/api/cases/X/documents");
}
