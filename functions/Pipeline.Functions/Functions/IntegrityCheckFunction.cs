using Microsoft.Azure.Functions.Worker;
using Pipeline.Hosting;
using Pipeline.Integrity;

namespace Pipeline.Functions.Functions;

/// <summary>
/// Runs the integrity checks of one queue message (one request, or the batch concurrent ingests sent together), in
/// turn. A malformed message throws, so it ends in the poison queue, visibly; a failed check fails the message, whose
/// retry repeats the checks that passed harmlessly.
/// </summary>
public sealed class IntegrityCheckFunction(IntegrityChecker checker)
{
    public const string Name = "IntegrityCheck";

    [Function(Name)]
    public async Task<IReadOnlyList<IntegrityCheckResult>> RunAsync(
        [QueueTrigger("%Pipeline:Storage:IntegrityQueue%", Connection = AppSettingNames.EvidenceStorageConnection)] string message,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var requests = IntegrityCheckRequest.TryParseMany(message, out var problem)
            ?? throw new MalformedCheckRequestException($"The queue message is not an integrity-check request: {problem}.");
        var results = new List<IntegrityCheckResult>(requests.Count);
        foreach (var request in requests)
        {
            var result = await checker.CheckAsync(request, cancellationToken);
            MalformedCheckRequestException.ThrowIfUnknown(request, result);
            results.Add(result);
        }

        return results;
    }
}
