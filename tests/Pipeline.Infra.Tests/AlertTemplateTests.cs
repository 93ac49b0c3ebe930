namespace Pipeline.Infra.Tests;

[Collection(CompiledTemplateGroup.Name)]
public sealed class AlertTemplateTests(CompiledTemplateFixture template)
{
    [Theory]
    [InlineData("DeadletteredMessages", "Microsoft.ServiceBus/namespaces")]
    [InlineData("DeadLetteredCount", "Microsoft.EventGrid/systemTopics")]
    [InlineData("requests/failed", "microsoft.insights/components")]
    public void MetricAlert_Threshold_FiresAboveZero(string metric, string metricNamespace)
    {
        var alert = Assert.Single(
            template.OfType("Microsoft.Insights/metricAlerts"),
            resource => resource.Property("criteria").GetRawText().Contains($"\"{metric}\"", StringComparison.Ordinal));
        var criterion = Assert.Single(alert.Property("criteria.allOf").EnumerateArray());

        Assert.Equal(metricNamespace, criterion.GetProperty("metricNamespace").GetString());
        Assert.Equal("GreaterThan", criterion.GetProperty("operator").GetString());
        Assert.Equal(0, criterion.GetProperty("threshold").GetInt32());
        Assert.True(alert.Property("enabled").GetBoolean());
        Assert.Single(alert.Property("actions").EnumerateArray());
    }

    [Theory]
    [InlineData("customMetrics", "pipeline.reconciliation.anomalies")]
    [InlineData("StorageQueueLogs", "-poison/messages")]
    public void LogAlert_Query_FiresAboveZero(string table, string subject)
    {
        var alert = Assert.Single(
            template.OfType("Microsoft.Insights/scheduledQueryRules"),
            resource => resource.Property("criteria").GetRawText().Contains(subject, StringComparison.Ordinal));
        var criterion = Assert.Single(alert.Property("criteria.allOf").EnumerateArray());

        Assert.StartsWith(table, criterion.GetProperty("query").GetString(), StringComparison.Ordinal);
        Assert.Equal("GreaterThan", criterion.GetProperty("operator").GetString());
        Assert.Equal(0, criterion.GetProperty("threshold").GetInt32());
        Assert.True(alert.Property("enabled").GetBoolean());
        Assert.Single(alert.Property("actions.actionGroups").EnumerateArray());
    }

    [Fact]
    public void Alerts_ActionGroup_ParameterOrCreated()
    {
        var parameters = template.Root.GetProperty("parameters");
        var actionGroup = template.OneOf("alerts", "Microsoft.Insights/actionGroups");

        Assert.Equal(string.Empty, parameters.GetProperty("actionGroupResourceId").GetProperty("defaultValue").GetString());
        Assert.Equal("[variables('createActionGroup')]", actionGroup.Element.GetProperty("condition").GetString());
    }

    [Fact]
    public void Alerts_ServiceBusDeadLetters_EveryQueue()
    {
        var alert = Assert.Single(
            template.OfType("Microsoft.Insights/metricAlerts"),
            resource => resource.Property("criteria").GetRawText().Contains("\"DeadletteredMessages\"", StringComparison.Ordinal));
        var dimension = Assert.Single(Assert.Single(alert.Property("criteria.allOf").EnumerateArray()).GetProperty("dimensions").EnumerateArray());

        Assert.Equal("EntityName", dimension.GetProperty("name").GetString());
        Assert.Equal("*", Assert.Single(dimension.GetProperty("values").EnumerateArray()).GetString());
    }
}
