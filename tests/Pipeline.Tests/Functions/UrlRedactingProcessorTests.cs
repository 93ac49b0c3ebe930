using System.Diagnostics;
using Pipeline.Functions.Telemetry;

namespace Pipeline.Tests.Functions;

public sealed class UrlRedactingProcessorTests
{
    [Theory]
    [InlineData("https://acct.blob.core.windows.net/evidence/C1/U1/jane-doe-medical.pdf?comp=tags", "https://acct.blob.core.windows.net/evidence/…")]
    [InlineData("https://acct.blob.core.windows.net/intake?restype=container&comp=list&prefix=C1%2Fjane", "https://acct.blob.core.windows.net/intake/…")]
    [InlineData("https://acct.table.core.windows.net/documents(PartitionKey='C1',RowKey='U1')", "https://acct.table.core.windows.net/documents/…")]
    [InlineData("https://acct.queue.core.windows.net/integrity-checks", "https://acct.queue.core.windows.net/integrity-checks")]
    [InlineData("not a url", "…")]
    public void RedactUrl_StorageRequest_KeepsOnlyHostAndContainer(string url, string expected)
    {
        Assert.Equal(expected, UrlRedactingProcessor.RedactUrl(url));
    }

    [Fact]
    public void OnEnd_SpanWithBlobUrl_NoFileNameLeft()
    {
        using var activity = new Activity("BlobClient.Upload");
        activity.SetTag("url.full", "https://acct.blob.core.windows.net/evidence/C1/U1/jane-doe-medical.pdf");
        activity.SetTag("url.path", "/evidence/C1/U1/jane-doe-medical.pdf");
        activity.SetTag("az.namespace", "Microsoft.Storage");

        new UrlRedactingProcessor().OnEnd(activity);

        Assert.DoesNotContain(activity.TagObjects, tag => tag.Value is string value && value.Contains("jane", StringComparison.Ordinal));
        Assert.Equal("/evidence/…", activity.GetTagItem("url.path"));
        Assert.Equal("Microsoft.Storage", activity.GetTagItem("az.namespace"));
    }
}
