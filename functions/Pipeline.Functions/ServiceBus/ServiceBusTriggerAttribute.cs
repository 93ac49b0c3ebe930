using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace Pipeline.Functions.ServiceBus;

/// <summary>
/// The Service Bus queue trigger, declared here because the worker extension package
/// (<c>Microsoft.Azure.Functions.Worker.Extensions.ServiceBus</c>) is not served by this machine's feed. The worker SDK
/// turns it into a <c>serviceBusTrigger</c> binding in <c>functions.metadata</c> (the type comes from the class name, the
/// binding's keys from the properties), which is all the host reads; the host extension that serves it is brought in by
/// <c>Deploy/ServiceBusHostExtension.cs</c> in a deploy build.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class ServiceBusTriggerAttribute(string queueName) : TriggerBindingAttribute
{
    public string QueueName { get; } = queueName;

    /// <summary>The connection setting's name: <c>{Connection}__fullyQualifiedNamespace</c> for an identity-based connection.</summary>
    public string? Connection { get; set; }

    /// <summary>False: the function settles every message itself (complete, abandon, dead-letter with a reason).</summary>
    public bool AutoCompleteMessages { get; set; } = true;

    public bool IsBatched { get; set; }
}
