using Azure.Identity;
using Pipeline.Functions.Telemetry;

namespace Pipeline.Tests.Functions;

public sealed class TelemetryExtensionsTests
{
    [Theory]
    [InlineData("Authorization=AAD;ClientId=00000000-0000-0000-0000-000000000001")]
    [InlineData(" clientid=00000000-0000-0000-0000-000000000001 ; authorization=aad ")]
    [InlineData("Authorization=AAD")]
    public void CredentialFor_EntraAuthentication_ManagedIdentity(string authenticationString)
    {
        Assert.IsType<ManagedIdentityCredential>(TelemetryExtensions.CredentialFor(authenticationString));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ClientId=abc")]
    [InlineData("Authorization=Key")]
    public void CredentialFor_NoEntraAuthentication_NoCredential(string? authenticationString)
    {
        Assert.Null(TelemetryExtensions.CredentialFor(authenticationString));
    }
}
