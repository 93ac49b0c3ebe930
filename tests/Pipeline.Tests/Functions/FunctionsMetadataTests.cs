using System.Reflection;
using System.Text.Json;

namespace Pipeline.Tests.Functions;

/// <summary>The worker SDK's generated functions.metadata is what the Functions host indexes; it must list every trigger.</summary>
public sealed class FunctionsMetadataTests
{
    [Theory]
    [InlineData("IngestUpload", "blobTrigger", "path", "%Pipeline:Storage:IntakeContainer%/{name}")]
    [InlineData("IntegrityCheck", "queueTrigger", "queueName", "%Pipeline:Storage:IntegrityQueue%")]
    [InlineData("IntegrityCheckServiceBus", "serviceBusTrigger", "queueName", "%Pipeline:IntegrityChecks:ServiceBusQueue%")]
    [InlineData("Reconcile", "timerTrigger", "schedule", "%Pipeline:Reconciliation:Schedule%")]
    [InlineData("ReconcileShard", "queueTrigger", "queueName", "%Pipeline:Storage:ReconciliationShardQueue%")]
    [InlineData("ReconcileShardServiceBus", "serviceBusTrigger", "queueName", "%Pipeline:Reconciliation:ShardQueue%")]
    [InlineData("SweepIntake", "timerTrigger", "schedule", "0 */10 * * * *")]
    [InlineData("ResumeReconciliation", "timerTrigger", "schedule", "0 */30 * * * *")]
    [InlineData("CreateUpload", "httpTrigger", "route", "cases/{caseId}/uploads")]
    [InlineData("GetUpload", "httpTrigger", "route", "cases/{caseId}/uploads/{uploadId}")]
    [InlineData("ListDocuments", "httpTrigger", "route", "cases/{caseId}/documents")]
    [InlineData("GetDocument", "httpTrigger", "route", "cases/{caseId}/documents/{documentId}")]
    [InlineData("GetDocumentContent", "httpTrigger", "route", "cases/{caseId}/documents/{documentId}/content")]
    [InlineData("GetLegalHold", "httpTrigger", "route", "cases/{caseId}/hold")]
    [InlineData("SetLegalHold", "httpTrigger", "route", "cases/{caseId}/hold")]
    [InlineData("ClearLegalHold", "httpTrigger", "route", "cases/{caseId}/hold")]
    [InlineData("DisposeDocument", "httpTrigger", "route", "cases/{caseId}/documents/{documentId}/disposal")]
    [InlineData("OperationsPage", "httpTrigger", "route", "reconciliation")]
    public void FunctionsMetadata_Build_ListsFunctionWithTrigger(string function, string triggerType, string property, string value)
    {
        var trigger = Trigger(function);

        Assert.Equal(triggerType, trigger.GetProperty("type").GetString());
        Assert.Equal(value, trigger.GetProperty(property).GetString());
    }

    [Fact]
    public void FunctionsMetadata_IngestUpload_UsesEventGridSourceAndEvidenceConnection()
    {
        var trigger = Trigger("IngestUpload");

        Assert.Equal("EventGrid", trigger.GetProperty("source").GetString());
        Assert.Equal("EvidenceStorage", trigger.GetProperty("connection").GetString());
    }

    [Fact]
    public void FunctionsMetadata_IntegrityCheckServiceBus_SettlesExplicitlyOnServiceBusConnection()
    {
        var trigger = Trigger("IntegrityCheckServiceBus");

        // The handler completes, abandons or dead-letters; the host must not complete on its own.
        Assert.False(trigger.GetProperty("autoCompleteMessages").GetBoolean());
        Assert.Equal(Pipeline.Hosting.AppSettingNames.IntegrityServiceBusConnection, trigger.GetProperty("connection").GetString());
        Assert.Equal("String", trigger.GetProperty("dataType").GetString());
    }

    [Fact]
    public void FunctionsMetadata_IntegrityCheckServiceBus_BindsOneMessageSoTheHostSendsItsLockToken()
    {
        var trigger = Trigger("IntegrityCheckServiceBus");

        // The host puts "LockToken" in the trigger metadata for a single-message binding only (a batch gets
        // "LockTokenArray"), and the settlement service finds the message by it while the invocation runs.
        Assert.Equal("In", trigger.GetProperty("direction").GetString());
        Assert.False(trigger.TryGetProperty("isBatched", out var batched) && batched.GetBoolean());
        Assert.NotEqual("Many", trigger.TryGetProperty("cardinality", out var cardinality) ? cardinality.GetString() : null);
        // Deferred (SDK-type) binding would hand the worker an AMQP blob in place of the string body this trigger reads.
        Assert.False(trigger.TryGetProperty("properties", out var properties)
            && properties.TryGetProperty("supportsDeferredBinding", out var deferred)
            && string.Equals(deferred.ToString(), "true", StringComparison.OrdinalIgnoreCase));
        // Settled explicitly, or the host would complete a message the worker already settled (or abandoned).
        Assert.False(trigger.GetProperty("autoCompleteMessages").GetBoolean());
    }

    [Fact]
    public void FunctionsMetadata_Reconcile_NeverRunsOnStartup()
    {
        Assert.False(Trigger("Reconcile").GetProperty("runOnStartup").GetBoolean());
    }

    private static JsonElement Trigger(string function)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(MetadataPath()));
        var entry = document.RootElement.EnumerateArray().Single(f => f.GetProperty("name").GetString() == function);
        return entry.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal)).Clone();
    }

    private static string MetadataPath()
    {
        var path = Path.Combine(BuildMetadata("RepositoryRoot"), "functions", "Pipeline.Functions", "bin", BuildMetadata("Configuration"), "net10.0", "functions.metadata");
        Assert.True(File.Exists(path), $"functions.metadata not found at {path}; build functions/Pipeline.Functions first");
        return path;
    }

    private static string BuildMetadata(string key) =>
        typeof(FunctionsMetadataTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
