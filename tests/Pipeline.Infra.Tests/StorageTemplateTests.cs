namespace Pipeline.Infra.Tests;

[Collection(CompiledTemplateGroup.Name)]
public sealed class StorageTemplateTests(CompiledTemplateFixture template)
{
    private const string StorageAccount = "Microsoft.Storage/storageAccounts";
    private const string BlobService = "Microsoft.Storage/storageAccounts/blobServices";
    private const string Container = "Microsoft.Storage/storageAccounts/blobServices/containers";

    private static readonly string[] AppContainers = ["intake", "evidence", "quarantine", "reports", "anchors"];

    private static readonly string[] ReconciliationInventoryFields =
        ["Name", "Content-Length", "Content-MD5", "Etag", "VersionId", "IsCurrentVersion", "Metadata"];

    private static readonly string[] InventoryFormats = ["Csv", "Parquet"];

    [Theory]
    [InlineData("evidence-storage")]
    [InlineData("host-storage")]
    public void StorageAccount_Security_SharedKeyOffPublicAccessOffTls12HttpsOnly(string module)
    {
        var account = template.OneOf(module, StorageAccount);

        Assert.Equal("StorageV2", account.Element.GetProperty("kind").GetString());
        Assert.False(account.Property("allowSharedKeyAccess").GetBoolean());
        Assert.False(account.Property("allowBlobPublicAccess").GetBoolean());
        Assert.Equal("TLS1_2", account.Property("minimumTlsVersion").GetString());
        Assert.True(account.Property("supportsHttpsTrafficOnly").GetBoolean());
        Assert.True(account.Property("defaultToOAuthAuthentication").GetBoolean());
    }

    [Fact]
    public void StorageAccounts_All_ShareNoKeys()
    {
        var accounts = template.OfType(StorageAccount).ToList();

        Assert.Equal(2, accounts.Count);
        Assert.All(accounts, account => Assert.False(account.Property("allowSharedKeyAccess").GetBoolean()));
    }

    [Fact]
    public void EvidenceBlobService_Durability_VersioningChangeFeedAndSoftDeleteOn()
    {
        var blobService = template.OneOf("evidence-storage", BlobService);

        Assert.True(blobService.Property("isVersioningEnabled").GetBoolean());
        Assert.True(blobService.Property("changeFeed.enabled").GetBoolean());
        Assert.True(blobService.Property("deleteRetentionPolicy.enabled").GetBoolean());
        Assert.False(blobService.Property("deleteRetentionPolicy.allowPermanentDelete").GetBoolean());
        Assert.True(blobService.Property("containerDeleteRetentionPolicy.enabled").GetBoolean());
        var blobDays = template.Resolve("evidence-storage", blobService.Property("deleteRetentionPolicy.days").GetString()!);
        var containerDays = template.Resolve("evidence-storage", blobService.Property("containerDeleteRetentionPolicy.days").GetString()!);
        Assert.True(int.Parse(blobDays, System.Globalization.CultureInfo.InvariantCulture) >= 7, $"blob soft delete days: {blobDays}");
        Assert.True(int.Parse(containerDays, System.Globalization.CultureInfo.InvariantCulture) >= 7, $"container soft delete days: {containerDays}");
    }

    [Fact]
    public void EvidenceBlobService_PointInTimeRestore_OffBecauseOfImmutability()
    {
        var blobService = template.OneOf("evidence-storage", BlobService);

        Assert.False(blobService.Property("restorePolicy.enabled").GetBoolean());
    }

    [Theory]
    [InlineData("evidenceContainerName", "evidence")]
    [InlineData("quarantineContainerName", "quarantine")]
    [InlineData("anchorsContainerName", "anchors")]
    public void WormContainer_Immutability_VersionLevelWithRetention(string parameter, string expectedName)
    {
        var container = Assert.Single(
            template.OfType(Container),
            container => container.Module == "evidence-storage" && container.Name.Contains($"'{parameter}'", StringComparison.Ordinal));
        var policy = Assert.Single(
            template.OfType(Container + "/immutabilityPolicies"),
            policy => policy.Name.Contains($"'{parameter}'", StringComparison.Ordinal));

        Assert.True(container.Property("immutableStorageWithVersioning.enabled").GetBoolean());
        var days = template.Resolve("evidence-storage", policy.Property("immutabilityPeriodSinceCreationInDays").GetString()!);
        Assert.True(int.Parse(days, System.Globalization.CultureInfo.InvariantCulture) >= 1, $"retention days: {days}");
        Assert.False(policy.Property("allowProtectedAppendWrites").GetBoolean());
        Assert.False(policy.Property("allowProtectedAppendWritesAll").GetBoolean());
        Assert.Equal(expectedName, template.Resolve("evidence-storage", $"[parameters('{parameter}')]"));
    }

    [Fact]
    public void EvidenceContainers_Every_PrivateAndWormExactlyOnEvidenceQuarantineAndAnchors()
    {
        var containers = template.OfType(Container).Where(container => container.Module == "evidence-storage").ToList();

        Assert.All(containers, container => Assert.Equal("None", container.Property("publicAccess").GetString()));
        // Intake must stay mutable: its lifecycle rule expires processed uploads; reports hold overwritten checkpoints.
        var immutable = containers
            .Where(container => container.Properties.TryGetProperty("immutableStorageWithVersioning", out _))
            .Select(container => template.Resolve("evidence-storage", ContainerParameter(container)))
            .Order(StringComparer.Ordinal);
        Assert.Equal(["anchors", "evidence", "quarantine"], immutable);
        Assert.Equal(3, template.OfType(Container + "/immutabilityPolicies").Count());
    }

    [Theory]
    [InlineData("intakeContainerName", "intake")]
    [InlineData("evidenceContainerName", "evidence")]
    [InlineData("quarantineContainerName", "quarantine")]
    [InlineData("reportsContainerName", "reports")]
    [InlineData("anchorsContainerName", "anchors")]
    [InlineData("documentsTableName", "documents")]
    [InlineData("integrityQueueName", "integrity-checks")]
    public void MainParameters_AppStorageContract_DefaultsMatchApp(string parameter, string expected)
    {
        Assert.Equal(expected, template.Resolve(null, $"[parameters('{parameter}')]"));
        Assert.Equal(expected, template.Resolve("evidence-storage", $"[parameters('{parameter}')]"));
    }

    [Fact]
    public void EvidenceStorage_DataResources_TableQueueAndContainersDeclared()
    {
        Assert.Single(template.OfType("Microsoft.Storage/storageAccounts/tableServices/tables"));
        var queues = template.OfType("Microsoft.Storage/storageAccounts/queueServices/queues").Select(queue => queue.Name).ToList();
        Assert.Contains(queues, name => name.Contains("parameters('integrityQueueName'))", StringComparison.Ordinal));
        Assert.Contains(queues, name => name.Contains("format('{0}-poison', parameters('integrityQueueName'))", StringComparison.Ordinal));
        Assert.Contains(queues, name => name.Contains("parameters('reconciliationShardQueueName'))", StringComparison.Ordinal));
        Assert.Contains(queues, name => name.Contains("format('{0}-poison', parameters('reconciliationShardQueueName'))", StringComparison.Ordinal));
        var containers = template.OfType(Container)
            .Where(container => container.Module == "evidence-storage")
            .Select(container => template.Resolve("evidence-storage", ContainerParameter(container)))
            .ToList();
        foreach (var required in AppContainers)
        {
            Assert.Contains(required, containers);
        }
    }

    [Fact]
    public void LifecyclePolicy_EveryRule_IntakeOnlyNeverEvidenceNeverConflict()
    {
        var policy = template.OneOf("evidence-storage", "Microsoft.Storage/storageAccounts/managementPolicies");
        var rules = policy.Property("policy").GetProperty("copy").EnumerateArray()
            .Single(copy => copy.GetProperty("name").GetString() == "rules");
        var rule = rules.GetProperty("input");
        var states = rules.GetProperty("count").GetString()!;

        var prefixes = rule.GetProperty("definition").GetProperty("filters").GetProperty("prefixMatch").EnumerateArray()
            .Select(prefix => prefix.GetString()!).ToList();
        var prefix = Assert.Single(prefixes);
        Assert.Contains("intakeContainerName", prefix, StringComparison.Ordinal);
        Assert.DoesNotContain("evidence", prefix, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("quarantine", prefix, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("reports", prefix, StringComparison.OrdinalIgnoreCase);
        var tag = Assert.Single(rule.GetProperty("definition").GetProperty("filters").GetProperty("blobIndexMatch").EnumerateArray());
        Assert.Equal("pipeline-state", tag.GetProperty("name").GetString());
        Assert.Contains("'ingested'", states, StringComparison.Ordinal);
        Assert.DoesNotContain("'conflict'", states, StringComparison.Ordinal);
        Assert.DoesNotContain("evidenceContainerName", policy.Element.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public void MainParameters_IntakeExpiry_NotBeforeThirtyDays()
    {
        var parameters = template.Root.GetProperty("parameters");

        Assert.True(parameters.GetProperty("intakeDeleteAfterDays").GetProperty("minValue").GetInt32() >= 30);
        Assert.True(parameters.GetProperty("intakeDeleteAfterDays").GetProperty("defaultValue").GetInt32()
            > parameters.GetProperty("intakeCoolAfterDays").GetProperty("defaultValue").GetInt32());
    }

    [Fact]
    public void InventoryPolicy_DailyRule_HasFieldsReconciliationNeeds()
    {
        var inventory = template.OneOf("evidence-storage", "Microsoft.Storage/storageAccounts/inventoryPolicies");
        Assert.True(inventory.Property("policy.enabled").GetBoolean());
        var rule = Assert.Single(inventory.Property("policy.rules").EnumerateArray());
        var definition = rule.GetProperty("definition");

        Assert.Equal("Daily", definition.GetProperty("schedule").GetString());
        Assert.Equal("Blob", definition.GetProperty("objectType").GetString());
        Assert.Contains(template.Resolve("evidence-storage", definition.GetProperty("format").GetString()!), InventoryFormats);
        Assert.True(definition.GetProperty("filters").GetProperty("includeBlobVersions").GetBoolean());
        var fields = definition.GetProperty("schemaFields").EnumerateArray().Select(field => field.GetString()).ToList();
        foreach (var required in ReconciliationInventoryFields)
        {
            Assert.Contains(required, fields);
        }
        var prefixes = definition.GetProperty("filters").GetProperty("prefixMatch").GetRawText();
        Assert.Contains("evidenceContainerName", prefixes, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Microsoft.Storage/storageAccounts/blobServices")]
    [InlineData("Microsoft.Storage/storageAccounts/tableServices")]
    [InlineData("Microsoft.Storage/storageAccounts/queueServices")]
    [InlineData("Microsoft.Storage/storageAccounts")]
    public void EvidenceStorage_Diagnostics_SentToLogAnalytics(string scopeType)
    {
        var settings = template.OfType("Microsoft.Insights/diagnosticSettings")
            .Where(setting => setting.Module == "evidence-storage")
            .Where(setting => setting.Element.GetProperty("scope").GetString()!.Contains($"resourceId('{scopeType}'", StringComparison.Ordinal))
            .ToList();

        var setting = Assert.Single(settings);
        Assert.Equal("[parameters('workspaceId')]", setting.Property("workspaceId").GetString());
    }

    private static string ContainerParameter(TemplateResource container)
    {
        // format('{0}/{1}/{2}', parameters('accountName'), 'default', parameters('<name>'))
        var start = container.Name.LastIndexOf("parameters('", StringComparison.Ordinal);
        return "[" + container.Name[start..^2] + "]";
    }

}
