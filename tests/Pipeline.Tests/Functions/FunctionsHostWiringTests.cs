using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Pipeline.Functions.Telemetry;
using Pipeline.Hosting;

namespace Pipeline.Tests.Functions;

/// <summary>The Functions app's own builder (as Program.cs wires it) redacts personal data in what it logs.</summary>
public sealed partial class FunctionsHostWiringTests
{
    [Fact]
    public void FunctionsBuilder_PipelineWiring_PersonalDataRedactedInLogs()
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.Configuration[AppSettingNames.EvidenceStorageConnection] = "UseDevelopmentStorage=true";
        builder.AddPipelineServices();
        builder.AddPipelineTelemetry();
        builder.Logging.AddFakeLogging();
        using var host = builder.Build();

        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Pipeline.Test");
        LogUpload(logger, "C1/U1/jane-doe-medical.pdf", "C1");

        var record = Assert.Single(host.Services.GetRequiredService<FakeLogCollector>().GetSnapshot(), r => r.Category == "Pipeline.Test");
        Assert.DoesNotContain("jane", record.Message, StringComparison.Ordinal);
        Assert.Contains("case C1", record.Message, StringComparison.Ordinal);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload {IntakeBlob} in case {CaseId}")]
    private static partial void LogUpload(ILogger logger, [PersonalData] string intakeBlob, string caseId);
}
