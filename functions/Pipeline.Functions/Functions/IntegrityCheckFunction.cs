using Microsoft.Azure.Functions.Worker;
using Pipeline.Hosting;
using Pipeline.Integrity;

namespace Pipeline.Functions.Functions;

/// <summary>Runs one integrity check per queue message. A malformed message throws, so it ends in the poison queue, visibly.</summary>
public sealed class IntegrityCheckFunction(IntegrityChecker checker)
{
    public const string Name = "IntegrityCheck";

    [Function(Name)]
    public Task<IntegrityCheckResult> RunAsync(
        [QueueTrigger("%Pipeline:Storage:IntegrityQueue%", Connection = AppSettingNames.EvidenceStorageConnection)] string message,
        CancellationToken cancellationToken = default)
    {
        var request = IntegrityCheckRequest.TryParse(message)
            ?? throw new MalformedCheckRequestException("The queue message is not an integrity-check request.");
        return checker.CheckAsync(request, cancellationToken);
    }
}
