namespace Pipeline.Infra.Tests;

[Collection(CompiledTemplateGroup.Name)]
public sealed class ServiceBusTemplateTests(CompiledTemplateFixture template)
{
    [Fact]
    public void ServiceBusNamespace_LocalAuth_Disabled()
    {
        var namespaces = template.OfType("Microsoft.ServiceBus/namespaces").ToList();

        var serviceBus = Assert.Single(namespaces);
        Assert.True(serviceBus.Property("disableLocalAuth").GetBoolean());
        Assert.Equal("1.2", serviceBus.Property("minimumTlsVersion").GetString());
    }

    [Fact]
    public void ServiceBusQueues_Every_DuplicateDetectionDeliveryLimitAndDeadLetterOnExpiry()
    {
        var queues = template.OfType("Microsoft.ServiceBus/namespaces/queues").ToList();

        Assert.Equal(2, queues.Count);
        Assert.All(queues, queue =>
        {
            Assert.True(queue.Property("requiresDuplicateDetection").GetBoolean());
            Assert.True(queue.Property("deadLetteringOnMessageExpiration").GetBoolean());
            Assert.Equal("[parameters('duplicateDetectionWindow')]", queue.Property("duplicateDetectionHistoryTimeWindow").GetString());
            Assert.Equal("[parameters('maxDeliveryCount')]", queue.Property("maxDeliveryCount").GetString());
            Assert.StartsWith("[parameters('", queue.Property("lockDuration").GetString(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public void ServiceBusQueues_Names_IntegrityChecksAndReconciliationShards()
    {
        var names = template.OfType("Microsoft.ServiceBus/namespaces/queues").Select(queue => queue.Name).ToList();

        Assert.Contains(names, name => name.Contains("parameters('integrityQueueName')", StringComparison.Ordinal));
        Assert.Contains(names, name => name.Contains("parameters('reconciliationShardQueueName')", StringComparison.Ordinal));
        Assert.Equal("integrity-checks", template.Resolve("service-bus", "[parameters('integrityQueueName')]"));
    }

    [Fact]
    public void MainParameters_ServiceBusDefaults_SafeForIntegrityChecks()
    {
        var parameters = template.Root.GetProperty("parameters");

        Assert.Equal("PT5M", parameters.GetProperty("integrityLockDuration").GetProperty("defaultValue").GetString());
        Assert.InRange(parameters.GetProperty("maxDeliveryCount").GetProperty("defaultValue").GetInt32(), 3, 100);
        Assert.Equal("Standard", parameters.GetProperty("serviceBusSku").GetProperty("defaultValue").GetString());
    }
}
