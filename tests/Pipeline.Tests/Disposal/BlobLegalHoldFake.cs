using System.Collections.Concurrent;
using Pipeline.Disposal;

namespace Pipeline.Tests.Disposal;

/// <summary>An account that supports blob legal hold (or, with <see cref="Supported"/> false, one that refuses it), recording each call.</summary>
internal sealed class BlobLegalHoldFake : IBlobLegalHold
{
    public ConcurrentDictionary<string, bool> Holds { get; } = new(StringComparer.Ordinal);

    public bool Supported { get; set; } = true;

    public Task<BlobLegalHoldOutcome> SetAsync(string evidenceBlob, bool hold, CancellationToken cancellationToken = default)
    {
        if (!Supported)
        {
            return Task.FromResult(new BlobLegalHoldOutcome(BlobLegalHoldStatus.NotSupported, "409 ImmutableStorageWithVersioningNotEnabled: not enabled"));
        }

        Holds[evidenceBlob] = hold;
        return Task.FromResult(new BlobLegalHoldOutcome(BlobLegalHoldStatus.Applied));
    }
}
