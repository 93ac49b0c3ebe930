using Pipeline.Index;
using Pipeline.Ingest;
using Pipeline.Integrity;
using Pipeline.Tests.Infrastructure;

namespace Pipeline.Tests.Integrity;

/// <summary>
/// Every malformed shape of check message goes to the poison queue with its reason and a description naming what is
/// wrong, and the drain goes on: a good request in the same drain is still checked.
/// </summary>
public sealed class MalformedCheckMessageTests : AzuriteTestBase
{
    private static readonly string Digest = new('a', 64);

    public static TheoryData<string, string, string> Shapes => new()
    {
        { "not JSON", "this is not json {", "not JSON" },
        { "JSON but not an object", "42", "Number where a request object belongs" },
        { "wrong type", $"{{\"caseId\":7,\"documentId\":\"d\",\"sha256\":\"{Digest}\"}}", "field caseId is a Number" },
        { "wrong type of an optional field", $"{{\"caseId\":\"C\",\"documentId\":\"d\",\"sha256\":\"{Digest}\",\"length\":\"ten\"}}", "wrong type" },
        { "missing field", "{\"caseId\":\"C\",\"documentId\":\"d\"}", "missing field sha256" },
        { "not a digest", "{\"caseId\":\"C\",\"documentId\":\"d\",\"sha256\":\"xyz\"}", "is not 64 lowercase hex digits" },
        { "path in an id", $"{{\"caseId\":\"../C\",\"documentId\":\"d\",\"sha256\":\"{Digest}\"}}", "is not a case id" },
        { "oversized id", $"{{\"caseId\":\"{new string('c', 5000)}\",\"documentId\":\"d\",\"sha256\":\"{Digest}\"}}", "is not a case id" },
        { "oversized batch", "[" + string.Join(',', Enumerable.Repeat($"{{\"caseId\":\"C\",\"documentId\":\"d\",\"sha256\":\"{Digest}\"}}", CheckMessageParser.MaxRequests + 1)) + "]", "holds 257 requests" },
        { "empty batch", "[]", "holds 0 requests" },
        { "one bad element in a batch", $"[{{\"caseId\":\"C\",\"documentId\":\"d\",\"sha256\":\"{Digest}\"}},{{\"caseId\":\"C\"}}]", "request 2 of 2: missing field documentId" },
        { "unknown document", $"{{\"caseId\":\"C\",\"documentId\":\"never-ingested\",\"sha256\":\"{Digest}\"}}", "No document C/never-ingested in the index" },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task DrainAsync_MalformedMessage_PoisonedWithItsReasonAndTheGoodOneChecked(string shape, string body, string reason)
    {
        var good = await Get<IngestService>().IngestAsync(await UploadTextAsync("M1", "good-1", "a good document"));
        Assert.Equal(IngestOutcome.Accepted, good.Outcome);
        await Storage.IntegrityQueue.SendMessageAsync(body);

        var handled = await Get<StorageQueueCheckReceiver>().DrainAsync();

        Assert.Equal(2, handled);
        Assert.Equal(0, await QueueLengthAsync());
        Assert.Equal(DocumentStates.Verified, Assert.Single(await DocumentsAsync("M1")).State);
        var poison = Get<StoragePoisonedChecks>();
        try
        {
            var poisoned = Assert.Single(await poison.ListAsync());
            Assert.Equal(body, poisoned.Body);
            Assert.Equal(shape == "unknown document" ? CheckDeadLetterReasons.UnknownDocument : CheckDeadLetterReasons.MalformedMessage, poisoned.Reason);
            Assert.Contains(reason, poisoned.Description, StringComparison.Ordinal);
        }
        finally
        {
            await Get<Azure.Storage.Queues.QueueServiceClient>().GetQueueClient(poison.Location).DeleteIfExistsAsync();
        }
    }
}
