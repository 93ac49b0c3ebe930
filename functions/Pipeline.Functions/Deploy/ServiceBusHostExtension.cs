using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

// Compiled only with -p:DeployBuild=true (see Pipeline.Functions.csproj): the worker SDK then adds the Service Bus host
// extension to the WorkerExtensions project it generates and builds, which a deployed app needs for its
// serviceBusTrigger. The feed here does not serve that package (NU1101), so the default build leaves it out.
[assembly: ExtensionInformation("Microsoft.Azure.WebJobs.Extensions.ServiceBus", "5.*")]
