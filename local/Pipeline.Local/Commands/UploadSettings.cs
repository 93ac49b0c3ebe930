using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Pipeline.Local.Commands;

public sealed class UploadSettings : PipelineSettings
{
    [CommandOption("--case <CASE_ID>")]
    [Description("Case id the documents belong to.")]
    public string CaseId { get; init; } = "";

    [CommandArgument(0, "<FILES>")]
    [Description("Files to upload.")]
    public string[] Files { get; init; } = [];

    [CommandOption("--uploaded-by <WHO>")]
    [Description("Uploader recorded in metadata. Default: the local user.")]
    public string? UploadedBy { get; init; }

    [CommandOption("--document-type <TYPE>")]
    [Description("Optional document type metadata (e.g. 'witness statement').")]
    public string? DocumentType { get; init; }

    [CommandOption("--content-type <TYPE>")]
    [Description("Declared Content-Type for every file. Default: from each file's extension.")]
    public string? ContentType { get; init; }

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(CaseId))
        {
            return ValidationResult.Error("--case is required.");
        }

        var missing = Files.FirstOrDefault(f => !File.Exists(f));
        return missing is not null ? ValidationResult.Error($"No such file: {missing}") : ValidationResult.Success();
    }
}
