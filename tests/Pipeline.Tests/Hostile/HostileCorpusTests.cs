using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Ingest;
using Pipeline.Local;
using Pipeline.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Pipeline.Tests.Hostile;

/// <summary>
/// The hostile corpus end to end on Azurite: every upload written to intake as a portal would, interleaved with good ones,
/// then the real ingest (the local host's sweep-and-check loop, what the Functions triggers do in Azure) until idle.
/// Every hostile upload must be quarantined with its reason, nothing of it may reach evidence, nothing may throw past
/// the sweep, the loop must end, and every good upload must be accepted.
/// </summary>
public sealed class HostileCorpusTests(ITestOutputHelper output) : AzuriteTestBase
{
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(10);

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Pipeline:Validation:MaxUploadBytes", HostileCorpus.MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ];

    [Fact]
    public void Build_Corpus_AtLeastSixtyHostileInputsEachWithAReasonAndUniqueNames()
    {
        var corpus = HostileCorpus.Build();

        Assert.True(corpus.Count(i => !i.IsGood) >= 60, $"{corpus.Count(i => !i.IsGood)} hostile inputs");
        Assert.All(corpus.Where(i => !i.IsGood), i => Assert.Contains(i.ExpectedCode, Pipeline.Validation.ReasonCodes.All));
        Assert.Equal(corpus.Count, corpus.Select(i => i.ListedName).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task UntilIdleAsync_HostileCorpus_EveryHostileQuarantinedWithReasonEveryGoodAccepted()
    {
        var corpus = HostileCorpus.Build();
        var refused = new List<string>();
        foreach (var input in corpus)
        {
            try
            {
                await Storage.Intake.GetBlobClient(input.BlobName).UploadAsync(new BinaryData(input.Bytes), new BlobUploadOptions
                {
                    HttpHeaders = new BlobHttpHeaders { ContentType = input.ContentType },
                    Metadata = new Dictionary<string, string>(input.Metadata),
                });
            }
            catch (Azure.RequestFailedException ex)
            {
                refused.Add($"{input.Label}: {ex.Status} {ex.ErrorCode}");
            }
        }

        Assert.True(refused.Count == 0, "storage refused: " + string.Join("; ", refused));

        var results = new List<IngestResult>();
        using var timeout = new CancellationTokenSource(Guard);
        await ActivatorUtilities.CreateInstance<LocalRunner>(Services).UntilIdleAsync(new Collect(results), timeout.Token).WaitAsync(Guard);

        var byName = results.GroupBy(r => r.IntakeBlob, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var misses = new List<string>();
        int expectedReason = 0, wrongReason = 0, acceptedHostile = 0, goodAccepted = 0, goodRejected = 0, unhandled = 0;
        foreach (var input in corpus)
        {
            var outcome = byName.GetValueOrDefault(input.ListedName) is [var only] ? only : null;
            if (outcome is null || outcome.Outcome is IngestOutcome.Failed or IngestOutcome.NotFound)
            {
                unhandled++;
                misses.Add($"{input.Label}: {(outcome is null ? $"{byName.GetValueOrDefault(input.ListedName)?.Count ?? 0} results" : outcome.Outcome.ToString())} {Describe(outcome)}");
            }
            else if (input.IsGood)
            {
                if (outcome.Outcome == IngestOutcome.Accepted)
                {
                    goodAccepted++;
                }
                else
                {
                    goodRejected++;
                    misses.Add($"{input.Label}: good upload {outcome.Outcome} {Describe(outcome)}");
                }
            }
            else if (outcome.Outcome != IngestOutcome.Rejected)
            {
                acceptedHostile++;
                misses.Add($"{input.Label}: hostile upload {outcome.Outcome}");
            }
            else if (outcome.Reasons!.Any(r => r.Code == input.ExpectedCode))
            {
                expectedReason++;
            }
            else
            {
                wrongReason++;
                misses.Add($"{input.Label}: expected {input.ExpectedCode}, got {Describe(outcome)}");
            }
        }

        var hostileCount = corpus.Count(i => !i.IsGood);
        var summary = $"hostile corpus: inputs {corpus.Count} ({hostileCount} hostile, {corpus.Count - hostileCount} good), quarantined with expected reason {expectedReason}, wrong reason {wrongReason}, accepted-hostile {acceptedHostile}, good accepted {goodAccepted}, good rejected {goodRejected}, unhandled {unhandled}";
        output.WriteLine(summary);
        Console.WriteLine(summary);
        foreach (var miss in misses)
        {
            output.WriteLine(miss);
        }

        Assert.True(misses.Count == 0, summary + Environment.NewLine + string.Join(Environment.NewLine, misses));

        // Nothing hostile in evidence; every quarantined copy that was made exists.
        var evidence = await ListAsync(Storage.Evidence);
        Assert.Equal(goodAccepted, evidence.Count);
        Assert.All(evidence, name => Assert.StartsWith("GX/", name, StringComparison.Ordinal));
        var quarantined = (await ListAsync(Storage.Quarantine)).ToHashSet(StringComparer.Ordinal);
        Assert.All(results.Where(r => r.QuarantineBlob is not null), r => Assert.Contains(r.QuarantineBlob!, quarantined));
    }

    private static string Describe(IngestResult? result) =>
        result?.Reasons is { } reasons ? string.Join("; ", reasons.Select(r => $"{r.Code} ({r.Detail})")) : "";

    private sealed class Collect(List<IngestResult> results) : IProgress<IngestResult>
    {
        public void Report(IngestResult value) => results.Add(value);
    }
}
