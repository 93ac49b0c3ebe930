using Azure.Core;
using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Configuration;

namespace Pipeline.Integrity;

/// <summary>
/// Builds the Service Bus client from a Functions-style connection setting, the one the trigger binds: a connection
/// string under <c>{name}</c> (the local broker or the emulator: <c>…;UseDevelopmentEmulator=true</c>), or identity-based
/// <c>{name}__fullyQualifiedNamespace</c> with <c>__credential=managedidentity</c> and <c>__clientId</c>.
/// </summary>
public static class ServiceBusConnection
{
    public static ServiceBusClient CreateClient(IConfiguration configuration, string name, ServiceBusClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        options ??= new ServiceBusClientOptions();
        var connectionString = configuration[name];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return new ServiceBusClient(connectionString, options);
        }

        var section = configuration.GetSection(name);
        var fullyQualifiedNamespace = section["fullyQualifiedNamespace"];
        if (string.IsNullOrWhiteSpace(fullyQualifiedNamespace))
        {
            throw new InvalidOperationException(
                $"Service Bus connection '{name}' is not configured: set '{name}' to a connection string, or '{name}__fullyQualifiedNamespace' for an identity-based connection.");
        }

        var credential = string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(section["clientId"]))
            : (TokenCredential)new DefaultAzureCredential();
        return new ServiceBusClient(fullyQualifiedNamespace, credential, options);
    }
}
