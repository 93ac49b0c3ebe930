using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Pipeline.Hosting;
using Pipeline.Ingest;
using Pipeline.Tests.Infrastructure;

namespace Pipeline.Tests.Hosting;

public abstract class LogRedactionTestBase : AzuriteTestBase
{
    protected const string PersonalName = "jane-doe-psychiatric-report";

    protected abstract LogRedactionOptions Redaction { get; }

    protected FakeLogCollector Logs => Get<FakeLogCollector>();

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Debug);
            logging.AddFakeLogging();
            services.AddPipelineLogRedaction(logging, Redaction);
        });
    }

    /// <summary>One accepted and one quarantined upload: every log line that could name a file is written.</summary>
    protected async Task IngestAcceptedAndRejectedAsync()
    {
        var accepted = await UploadAsync("R1", "U1", PersonalName + ".txt", Encoding.UTF8.GetBytes("notes"));
        var rejected = await UploadAsync("R1", "U2", PersonalName + ".pdf", Encoding.UTF8.GetBytes("not a pdf"), "application/pdf");
        Assert.Equal(IngestOutcome.Accepted, (await Get<IngestService>().IngestAsync(accepted)).Outcome);
        Assert.Equal(IngestOutcome.Rejected, (await Get<IngestService>().IngestAsync(rejected)).Outcome);
    }
}

public sealed class LogRedactionErasingTests : LogRedactionTestBase
{
    protected override LogRedactionOptions Redaction => new();

    [Fact]
    public async Task IngestAsync_DefaultRedaction_NoLogLineNamesTheFile()
    {
        await IngestAcceptedAndRejectedAsync();

        var records = Logs.GetSnapshot();
        Assert.Contains(records, r => r.Message.Contains("R1", StringComparison.Ordinal) && r.Message.Contains("Accepted", StringComparison.Ordinal));
        Assert.Contains(records, r => r.Message.Contains("Quarantined", StringComparison.Ordinal));
        Assert.DoesNotContain(records, r => r.Message.Contains(PersonalName, StringComparison.Ordinal));
        Assert.DoesNotContain(records, r => r.StructuredState!.Any(kv => kv.Value?.Contains(PersonalName, StringComparison.Ordinal) == true));
    }
}

public sealed class LogRedactionHmacTests : LogRedactionTestBase
{
    protected override LogRedactionOptions Redaction => new() { HmacKey = Convert.ToBase64String(Enumerable.Range(1, 48).Select(i => (byte)i).ToArray()), HmacKeyId = 7 };

    [Fact]
    public async Task IngestAsync_HmacKey_FileNameReplacedByStableKeyedHash()
    {
        await IngestAcceptedAndRejectedAsync();

        var intakeBlobValues = Logs.GetSnapshot()
            .SelectMany(r => r.StructuredState!)
            .Where(kv => kv.Key == "IntakeBlob")
            .Select(kv => kv.Value!)
            .ToList();
        Assert.NotEmpty(intakeBlobValues);
        Assert.All(intakeBlobValues, value =>
        {
            Assert.DoesNotContain(PersonalName, value, StringComparison.Ordinal);
            Assert.StartsWith("7:", value, StringComparison.Ordinal);
        });
        // The same upload hashes the same way in every line, so operators can follow it through the logs.
        Assert.Equal(2, intakeBlobValues.Distinct(StringComparer.Ordinal).Count());
    }
}

public sealed class LogRedactionDisabledTests : LogRedactionTestBase
{
    protected override LogRedactionOptions Redaction => new() { RedactPersonalData = false };

    [Fact]
    public async Task IngestAsync_RedactionTurnedOff_FileNamesLogged()
    {
        await IngestAcceptedAndRejectedAsync();

        Assert.Contains(Logs.GetSnapshot(), r => r.Message.Contains(PersonalName + ".txt", StringComparison.Ordinal));
    }
}
