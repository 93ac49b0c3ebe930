using System.Globalization;
using Pipeline.Hosting;

namespace Pipeline.Infra.Tests;

/// <summary>The anchors container (chain heads the app may add but never rewrite) and the audit chain key in Key Vault.</summary>
[Collection(CompiledTemplateGroup.Name)]
public sealed class AnchorsTemplateTests(CompiledTemplateFixture template)
{
    private const string RoleAssignment = "Microsoft.Authorization/roleAssignments";
    private const string BlobData = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";

    [Fact]
    public void AnchorsContainer_Retention_AtLeastAsLongAsEvidence()
    {
        var anchors = int.Parse(template.Resolve(null, "[parameters('anchorRetentionDays')]"), CultureInfo.InvariantCulture);
        var evidence = int.Parse(template.Resolve(null, "[parameters('evidenceRetentionDays')]"), CultureInfo.InvariantCulture);

        Assert.True(anchors >= evidence, $"anchors kept {anchors} days, evidence {evidence}: an anchor must outlive the evidence it vouches for.");
        Assert.Equal("[parameters('anchorRetentionDays')]", Passed("evidence-storage", "anchorRetentionDays"));
    }

    [Fact]
    public void RoleAssignments_Anchors_OnlyCreateOnlyRoleNoOverwriteNoDelete()
    {
        var onAnchors = template.OfType(RoleAssignment)
            .Where(a => a.Element.GetProperty("scope").GetString()!.Contains("parameters('anchorsContainerName')", StringComparison.Ordinal))
            .ToList();

        var assignment = Assert.Single(onAnchors);
        Assert.Equal("[variables('createOnlyRoleId')]", assignment.Property("roleDefinitionId").GetString());
        var role = Assert.Single(template.OfType("Microsoft.Authorization/roleDefinitions"), r => r.Name.Contains("'pipeline-blob-create-only'", StringComparison.Ordinal));
        var actions = Assert.Single(role.Property("permissions").EnumerateArray()).GetProperty("dataActions").EnumerateArray().Select(a => a.GetString()!).ToList();
        Assert.DoesNotContain(BlobData + "/write", actions);
        Assert.DoesNotContain(BlobData + "/delete", actions);
        Assert.Contains(BlobData + "/add/action", actions);
    }

    [Fact]
    public void AppSettings_ChainKey_KeyVaultReferenceNeverTheKey()
    {
        var settings = AppSettings();
        var key = settings.GetProperty(AppSettingNames.AuditChainKey).GetString()!;

        Assert.StartsWith("[format('@Microsoft.KeyVault(VaultName={0};SecretName={1})'", key, StringComparison.Ordinal);
        Assert.DoesNotContain("auditChainKey'", key, StringComparison.Ordinal);
        Assert.Equal("[parameters('auditChainKeyId')]", settings.GetProperty(AppSettingNames.AuditChainKeyId).GetString());
        var app = Assert.Single(template.OfType("Microsoft.Web/sites"));
        Assert.Equal("[parameters('identityId')]", app.Property("keyVaultReferenceIdentity").GetString());
    }

    [Fact]
    public void MainParameters_ChainKey_SecureWithoutDefault()
    {
        var parameter = template.Root.GetProperty("parameters").GetProperty("auditChainKey");

        Assert.Equal("securestring", parameter.GetProperty("type").GetString());
        Assert.False(parameter.TryGetProperty("defaultValue", out _));
        Assert.True(parameter.GetProperty("minLength").GetInt32() >= 44);
    }

    [Fact]
    public void KeyVault_Security_RbacOnlyPurgeProtectedSoftDelete()
    {
        var vault = template.OneOf("key-vault", "Microsoft.KeyVault/vaults");

        Assert.True(vault.Property("enableRbacAuthorization").GetBoolean());
        Assert.True(vault.Property("enablePurgeProtection").GetBoolean());
        Assert.True(vault.Property("enableSoftDelete").GetBoolean());
        Assert.False(vault.Properties.TryGetProperty("accessPolicies", out _));
    }

    [Fact]
    public void RoleAssignments_KeyVault_AppReadsSecretsOnly()
    {
        var assignment = Assert.Single(
            template.OfType(RoleAssignment),
            a => a.Element.GetProperty("scope").GetString()!.Contains("Microsoft.KeyVault/vaults", StringComparison.Ordinal));
        var builtIn = template.ModuleDeployments["rbac"].GetProperty("properties").GetProperty("template").GetProperty("variables").GetProperty("builtInRoles");

        Assert.Equal("[variables('keyVaultSecretsUserRoleId')]", assignment.Property("roleDefinitionId").GetString());
        Assert.Equal(KeyVaultSecretsUser, builtIn.GetProperty("keyVaultSecretsUser").GetString());
        Assert.Equal("[parameters('appPrincipalId')]", assignment.Property("principalId").GetString());
    }

    private string Passed(string module, string parameter) =>
        template.ModuleDeployments[module].GetProperty("properties").GetProperty("parameters").GetProperty(parameter).GetProperty("value").GetString()!;

    private System.Text.Json.JsonElement AppSettings() =>
        Assert.Single(template.OfType("Microsoft.Web/sites/config"), r => r.Name.Contains("'appsettings'", StringComparison.Ordinal)).Properties;
}
