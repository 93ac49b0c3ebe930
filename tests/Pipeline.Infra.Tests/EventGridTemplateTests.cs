using System.Text.RegularExpressions;

namespace Pipeline.Infra.Tests;

[Collection(CompiledTemplateGroup.Name)]
public sealed partial class EventGridTemplateTests(CompiledTemplateFixture template)
{
    private static readonly string[] CompletingApis = ["CopyBlob", "FlushWithClose", "PutBlob", "PutBlockList"];

    [Fact]
    public void SystemTopic_Source_EvidenceStorageAccount()
    {
        var topic = template.OneOf("event-grid", "Microsoft.EventGrid/systemTopics");

        Assert.Equal("Microsoft.Storage.StorageAccounts", topic.Property("topicType").GetString());
        Assert.Contains("evidenceStorageAccountName", topic.Property("source").GetString(), StringComparison.Ordinal);
        Assert.Equal("UserAssigned", topic.Element.GetProperty("identity").GetProperty("type").GetString());
    }

    [Fact]
    public void IntakeSubscription_Filter_BlobCreatedOnIntakeForCompletingApis()
    {
        var subscription = Subscription();

        var eventType = Assert.Single(subscription.Property("filter.includedEventTypes").EnumerateArray());
        Assert.Equal("Microsoft.Storage.BlobCreated", eventType.GetString());
        Assert.Equal(
            "[format('/blobServices/default/containers/{0}/', parameters('intakeContainerName'))]",
            subscription.Property("filter.subjectBeginsWith").GetString());
        Assert.Equal("intake", template.Resolve("intake-event-subscription", "[parameters('intakeContainerName')]"));
        var apiFilter = Assert.Single(subscription.Property("filter.advancedFilters").EnumerateArray());
        Assert.Equal("StringIn", apiFilter.GetProperty("operatorType").GetString());
        Assert.Equal("data.api", apiFilter.GetProperty("key").GetString());
        Assert.Equal(
            CompletingApis,
            apiFilter.GetProperty("values").EnumerateArray().Select(value => value.GetString()!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void IntakeSubscription_Endpoint_BlobExtensionWebhookOfIngestUpload()
    {
        var subscription = Subscription();

        Assert.Equal("WebHook", subscription.Property("destination.endpointType").GetString());
        var url = subscription.Property("destination.properties.endpointUrl").GetString()!;
        Assert.Contains("/runtime/webhooks/blobs?functionName=Host.Functions.{1}&code={2}", url, StringComparison.Ordinal);
        Assert.Contains(".systemKeys.blobs_extension", url, StringComparison.Ordinal);
        Assert.Equal("IngestUpload", template.Resolve(null, "[parameters('ingestFunctionName')]"));
    }

    [Fact]
    public void IntakeSubscription_DeadLetter_ToContainerWithManagedIdentity()
    {
        var subscription = Subscription();

        Assert.Equal("UserAssigned", subscription.Property("deadLetterWithResourceIdentity.identity.type").GetString());
        Assert.Equal("StorageBlob", subscription.Property("deadLetterWithResourceIdentity.deadLetterDestination.endpointType").GetString());
        Assert.Equal(
            "[parameters('deadLetterContainerName')]",
            subscription.Property("deadLetterWithResourceIdentity.deadLetterDestination.properties.blobContainerName").GetString());
        Assert.False(subscription.Properties.TryGetProperty("deadLetterDestination", out _), "Dead-lettering must use the identity, not a key.");
    }

    [Fact]
    public void Template_ListKeys_OnlyForTheBlobExtensionKeyInTheWebhookUrl()
    {
        var listCalls = ListCall().Matches(template.Json);
        var call = Assert.Single(listCalls);
        Assert.StartsWith("listKeys(", call.Value, StringComparison.Ordinal);

        var url = Subscription().Property("destination.properties.endpointUrl").GetString()!;
        Assert.Matches(@"listKeys\(format\('\{0\}/host/default', resourceId\('Microsoft\.Web/sites', parameters\('functionAppName'\)\)\), '[0-9-]+'\)\.systemKeys\.blobs_extension\)\]$", url);
        var holders = template.Resources.Where(resource => ListCall().IsMatch(resource.Element.GetRawText())).ToList();
        Assert.Equal(Subscription(), Assert.Single(holders));
        Assert.DoesNotContain("list", template.Root.GetProperty("outputs").GetRawText(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void IntakeSubscription_Deployment_ConditionalOnParameter()
    {
        var deployment = template.ModuleDeployments["intake-event-subscription"];

        Assert.Equal("[equals(parameters('intakeEventSubscription'), 'Enabled')]", deployment.GetProperty("condition").GetString());
    }

    private TemplateResource Subscription() =>
        template.OneOf("intake-event-subscription", "Microsoft.EventGrid/systemTopics/eventSubscriptions");

    [GeneratedRegex(@"\blist[A-Za-z]*\(")]
    private static partial Regex ListCall();
}
