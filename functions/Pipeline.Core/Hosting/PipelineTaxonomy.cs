using Microsoft.Extensions.Compliance.Classification;

namespace Pipeline.Hosting;

/// <summary>Data classes the pipeline's logs carry, so telemetry can redact them before they leave the process.</summary>
public static class PipelineTaxonomy
{
    public const string Name = "Pipeline";

    /// <summary>
    /// File names and the blob names built from them: portals name files after people and their records
    /// ("jane-doe-medical-report.pdf"), so they never reach logs in clear text.
    /// </summary>
    public static DataClassification PersonalData { get; } = new(Name, nameof(PersonalData));
}
