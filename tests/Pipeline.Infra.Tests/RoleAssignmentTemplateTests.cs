using System.Text.RegularExpressions;
using Pipeline.Reconciliation;
using Pipeline.Storage;

namespace Pipeline.Infra.Tests;

[Collection(CompiledTemplateGroup.Name)]
public sealed partial class RoleAssignmentTemplateTests(CompiledTemplateFixture template)
{
    private const string RoleAssignment = "Microsoft.Authorization/roleAssignments";
    private const string RoleDefinition = "Microsoft.Authorization/roleDefinitions";

    /// <summary>Owner, Contributor, User Access Administrator, RBAC Administrator, Storage Blob Data Owner, Storage Account Contributor, Service Bus Data Owner.</summary>
    private static readonly string[] ForbiddenRoleIds =
    [
        "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
        "b24988ac-6180-42a0-ab88-20f7382dd24c",
        "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
        "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
        "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
        "17d1049b-9a84-46fb-8f53-869881c3d3ab",
        "090c5cfd-751d-490a-894a-3ce6f1109419",
    ];

    private const string BlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    private const string BlobDataReader = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1";
    private const string BlobDelegator = "db58b8e5-c6ad-4a2a-8342-4190687cbf4a";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string BlobData = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs";

    [Fact]
    public void RoleAssignments_Every_NeverOwnerContributorOrAccessAdministrator()
    {
        var assignments = template.OfType(RoleAssignment).ToList();

        Assert.NotEmpty(assignments);
        var roleIds = RoleIdsByVariable();
        foreach (var assignment in assignments)
        {
            var role = RoleIdOf(assignment, roleIds);
            Assert.DoesNotContain(role, ForbiddenRoleIds);
        }

        foreach (var forbidden in ForbiddenRoleIds)
        {
            Assert.DoesNotContain(forbidden, template.Json, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void RoleAssignments_Every_NamedGuidOfScopePrincipalAndRole()
    {
        foreach (var assignment in template.OfType(RoleAssignment))
        {
            var match = GuidName().Match(assignment.Name);
            Assert.True(match.Success, $"{assignment} is not named guid(scope, principalId, roleDefinitionId).");
            Assert.Equal($"[{match.Groups["principal"].Value}]", assignment.Property("principalId").GetString());
            Assert.Equal($"[{match.Groups["role"].Value}]", assignment.Property("roleDefinitionId").GetString());
            Assert.Equal(match.Groups["scope"].Value, assignment.Element.GetProperty("scope").GetString()!.Trim('[', ']'));
            Assert.Equal("ServicePrincipal", assignment.Property("principalType").GetString());
        }
    }

    [Fact]
    public void RoleAssignments_EvidenceBlobRoles_ContainerScopedOnly()
    {
        var evidenceAccountBlobRoles = template.OfType(RoleAssignment)
            .Where(assignment => assignment.Element.GetProperty("scope").GetString()!.Contains("evidenceStorageAccountName", StringComparison.Ordinal))
            .Where(assignment => !assignment.Element.GetProperty("scope").GetString()!.Contains("queueServices", StringComparison.Ordinal)
                && !assignment.Element.GetProperty("scope").GetString()!.Contains("tableServices", StringComparison.Ordinal))
            .Where(assignment => assignment.Property("roleDefinitionId").GetString() != "[variables('blobDelegatorRoleId')]")
            .ToList();

        Assert.Equal(8, evidenceAccountBlobRoles.Count);
        Assert.All(evidenceAccountBlobRoles, assignment => Assert.StartsWith(
            "[resourceId('Microsoft.Storage/storageAccounts/blobServices/containers'",
            assignment.Element.GetProperty("scope").GetString(),
            StringComparison.Ordinal));
    }

    [Fact]
    public void RoleAssignments_AccountScoped_HostStorageOrEvidenceBlobDelegatorOnly()
    {
        var accountScoped = template.OfType(RoleAssignment)
            .Where(assignment => assignment.Element.GetProperty("scope").GetString()!
                .StartsWith("[resourceId('Microsoft.Storage/storageAccounts',", StringComparison.Ordinal))
            .ToList();

        Assert.Equal(4, accountScoped.Count);
        var onEvidence = Assert.Single(accountScoped, assignment => assignment.Element.GetProperty("scope").GetString()!
            .Contains("evidenceStorageAccountName", StringComparison.Ordinal));
        // Get User Delegation Key is authorized at account scope only; Storage Blob Delegator grants that one action.
        Assert.Equal(BlobDelegator, RoleIdOf(onEvidence, RoleIdsByVariable()));
        Assert.All(accountScoped.Where(assignment => assignment != onEvidence), assignment => Assert.Contains(
            "hostStorageAccountName", assignment.Element.GetProperty("scope").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public void RoleAssignments_Intake_ReadTagAndCreateForTheUploadSasButNeverOverwriteOrDelete()
    {
        // A user-delegation SAS allows no more than its signer may do: the portal's create-only SAS needs add/action.
        var onIntake = template.OfType(RoleAssignment)
            .Where(assignment => assignment.Element.GetProperty("scope").GetString()!.Contains("parameters('intakeContainerName')", StringComparison.Ordinal))
            .Select(assignment => assignment.Property("roleDefinitionId").GetString())
            .Order(StringComparer.Ordinal);
        var granted = DataActions("pipeline-intake-processor").Union(DataActions("pipeline-blob-create-only")).Order(StringComparer.Ordinal);

        Assert.Equal(["[variables('createOnlyRoleId')]", "[variables('intakeProcessorRoleId')]"], onIntake);
        Assert.Equal([BlobData + "/add/action", BlobData + "/read", BlobData + "/tags/read", BlobData + "/tags/write"], granted);
    }

    [Theory]
    [InlineData("evidenceContainerName", "createOnlyRoleId")]
    [InlineData("quarantineContainerName", "createOnlyRoleId")]
    [InlineData("reportsContainerName", "reportsWriterRoleId")]
    [InlineData("anchorsContainerName", "createOnlyRoleId")]
    [InlineData("inventoryContainerName", "blobDataReaderRoleId")]
    public void RoleAssignments_AppContainers_LeastPrivilegedRole(string containerParameter, string roleVariable)
    {
        var assignment = Assert.Single(
            template.OfType(RoleAssignment),
            resource => resource.Element.GetProperty("scope").GetString()!.Contains($"parameters('{containerParameter}')", StringComparison.Ordinal));

        Assert.Equal($"[variables('{roleVariable}')]", assignment.Property("roleDefinitionId").GetString());
        Assert.Equal("[parameters('appPrincipalId')]", assignment.Property("principalId").GetString());
    }

    [Fact]
    public void CustomRole_CreateOnly_CreatesAndReadsButNeverOverwritesOrDeletes()
    {
        var actions = DataActions("pipeline-blob-create-only");

        Assert.Equal([BlobData + "/add/action", BlobData + "/read"], actions.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void CustomRole_IntakeProcessor_ReadsAndTagsButNeverWritesOrDeletes()
    {
        var actions = DataActions("pipeline-intake-processor");

        Assert.Equal([BlobData + "/read", BlobData + "/tags/read", BlobData + "/tags/write"], actions.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void CustomRole_ReportsWriter_OverwritesAndLeasesButNeverDeletes()
    {
        var actions = DataActions("pipeline-reports-writer");

        Assert.Equal([BlobData + "/add/action", BlobData + "/read", BlobData + "/write"], actions.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void CustomRoles_Every_DataOnlyNoWildcardNoDeleteAssignableToResourceGroup()
    {
        var roles = template.OfType(RoleDefinition).ToList();

        Assert.Equal(3, roles.Count);
        foreach (var role in roles)
        {
            var permissions = Assert.Single(role.Property("permissions").EnumerateArray());
            Assert.Empty(permissions.GetProperty("actions").EnumerateArray());
            foreach (var action in permissions.GetProperty("dataActions").EnumerateArray().Select(action => action.GetString()!))
            {
                Assert.DoesNotContain("*", action, StringComparison.Ordinal);
                Assert.DoesNotContain("delete", action, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("immutableStorage", action, StringComparison.OrdinalIgnoreCase);
            }

            var scope = Assert.Single(role.Property("assignableScopes").EnumerateArray());
            Assert.Equal("[resourceGroup().id]", scope.GetString());
        }
    }

    [Fact]
    public void RoleAssignments_ServiceBus_SenderAndReceiverOnChecksAndShardsQueuesOnly()
    {
        var serviceBus = template.OfType(RoleAssignment)
            .Where(assignment => assignment.Element.GetProperty("scope").GetString()!.Contains("Microsoft.ServiceBus", StringComparison.Ordinal))
            .ToList();

        // The app sends and receives integrity checks and reconciliation shards; nothing else, never the namespace.
        Assert.Equal(4, serviceBus.Count);
        Assert.All(serviceBus, assignment => Assert.StartsWith(
            "[resourceId('Microsoft.ServiceBus/namespaces/queues'", assignment.Element.GetProperty("scope").GetString(), StringComparison.Ordinal));
        foreach (var queueParameter in new[] { "serviceBusIntegrityQueueName", "serviceBusReconciliationShardQueueName" })
        {
            var roles = serviceBus
                .Where(assignment => assignment.Element.GetProperty("scope").GetString()!.Contains($"parameters('{queueParameter}')", StringComparison.Ordinal))
                .Select(assignment => assignment.Property("roleDefinitionId").GetString())
                .Order(StringComparer.Ordinal);
            Assert.Equal(["[variables('serviceBusReceiverRoleId')]", "[variables('serviceBusSenderRoleId')]"], roles);
        }
    }

    [Fact]
    public void RoleAssignments_ServiceBusShardQueue_IsTheQueueTheAppUses()
    {
        var passed = template.ModuleDeployments["rbac"].GetProperty("properties").GetProperty("parameters")
            .GetProperty("serviceBusReconciliationShardQueueName").GetProperty("value").GetString()!;

        Assert.Equal(new ReconciliationOptions().ShardQueue, template.Resolve(null, passed));
    }

    [Fact]
    public void RoleAssignments_EvidenceQueues_QueueDataContributorScopedToEachQueue()
    {
        var onQueues = template.OfType(RoleAssignment)
            .Where(assignment => assignment.Element.GetProperty("scope").GetString()!.Contains("queueServices", StringComparison.Ordinal))
            .ToList();

        Assert.Equal(5, onQueues.Count);
        Assert.All(onQueues, assignment => Assert.StartsWith(
            "[resourceId('Microsoft.Storage/storageAccounts/queueServices/queues'", assignment.Element.GetProperty("scope").GetString(), StringComparison.Ordinal));
        Assert.All(onQueues, assignment => Assert.Equal(StorageQueueDataContributor, RoleIdOf(assignment, RoleIdsByVariable())));
    }

    [Theory]
    [InlineData("integrityQueueName")]
    [InlineData("integrityPoisonQueueName")]
    [InlineData("blobTriggerPoisonQueueName")]
    [InlineData("reconciliationShardQueueName")]
    [InlineData("reconciliationShardPoisonQueueName")]
    public void RoleAssignments_EvidenceQueue_AppHasQueueDataContributor(string queueParameter)
    {
        var assignment = Assert.Single(
            template.OfType(RoleAssignment),
            resource => resource.Element.GetProperty("scope").GetString()!.Contains($"parameters('{queueParameter}')", StringComparison.Ordinal));

        Assert.Contains("queueServices", assignment.Element.GetProperty("scope").GetString(), StringComparison.Ordinal);
        Assert.Equal(StorageQueueDataContributor, RoleIdOf(assignment, RoleIdsByVariable()));
        Assert.Equal("[parameters('appPrincipalId')]", assignment.Property("principalId").GetString());
    }

    [Fact]
    public void RoleAssignments_StorageShardQueues_AreTheQueuesTheAppUses()
    {
        // The app's queue (PipelineStorageOptions) and the poison queue the trigger and the local receiver move bad messages to.
        var queue = new PipelineStorageOptions().ReconciliationShardQueue;
        var parameters = template.ModuleDeployments["rbac"].GetProperty("properties").GetProperty("parameters");

        Assert.Equal(queue, template.Resolve(null, parameters.GetProperty("reconciliationShardQueueName").GetProperty("value").GetString()!));
        Assert.Equal(
            "[format('{0}-poison', variables('reconciliationShardQueueName'))]",
            parameters.GetProperty("reconciliationShardPoisonQueueName").GetProperty("value").GetString());
    }

    [Fact]
    public void RoleAssignments_EventGridIdentity_OnlyDeadLetterContainer()
    {
        var eventGrid = Assert.Single(
            template.OfType(RoleAssignment),
            assignment => assignment.Property("principalId").GetString() == "[parameters('eventGridPrincipalId')]");

        Assert.Contains("eventGridDeadLetterContainerName", eventGrid.Element.GetProperty("scope").GetString(), StringComparison.Ordinal);
        Assert.Equal(BlobDataContributor, RoleIdOf(eventGrid, RoleIdsByVariable()));
        Assert.NotEqual(BlobDataReader, RoleIdOf(eventGrid, RoleIdsByVariable()));
    }

    private List<string> DataActions(string roleSeed)
    {
        var role = Assert.Single(template.OfType(RoleDefinition), definition => definition.Name.Contains($"'{roleSeed}'", StringComparison.Ordinal));
        var permissions = Assert.Single(role.Property("permissions").EnumerateArray());
        Assert.Empty(permissions.GetProperty("notDataActions").EnumerateArray());
        return permissions.GetProperty("dataActions").EnumerateArray().Select(action => action.GetString()!).ToList();
    }

    /// <summary>Each role-id variable of the rbac module, mapped to the role GUID it resolves to.</summary>
    private Dictionary<string, string> RoleIdsByVariable()
    {
        var module = template.ModuleDeployments["rbac"].GetProperty("properties").GetProperty("template");
        var variables = module.GetProperty("variables");
        var builtIn = variables.GetProperty("builtInRoles");
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in variables.EnumerateObject().Where(variable => variable.Name.EndsWith("RoleId", StringComparison.Ordinal)))
        {
            var expression = variable.Value.GetString()!;
            var builtInMatch = BuiltInRoleReference().Match(expression);
            result[variable.Name] = builtInMatch.Success
                ? builtIn.GetProperty(builtInMatch.Groups["key"].Value).GetString()!
                : expression;
        }

        return result;
    }

    private static string RoleIdOf(TemplateResource assignment, Dictionary<string, string> roleIds)
    {
        var expression = assignment.Property("roleDefinitionId").GetString()!;
        var match = VariableReference().Match(expression);
        Assert.True(match.Success, $"{assignment} takes its role from {expression}, not from a role-id variable.");
        return roleIds[match.Groups["name"].Value];
    }

    [GeneratedRegex(@"^\[guid\((?<scope>.+), (?<principal>parameters\('[A-Za-z]+PrincipalId'\)), (?<role>variables\('[A-Za-z]+RoleId'\))\)\]$")]
    private static partial Regex GuidName();

    [GeneratedRegex(@"^\[variables\('(?<name>[A-Za-z]+)'\)\]$")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"variables\('builtInRoles'\)\.(?<key>[A-Za-z]+)\)\]$")]
    private static partial Regex BuiltInRoleReference();
}
