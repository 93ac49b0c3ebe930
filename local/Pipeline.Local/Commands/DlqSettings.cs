using System.ComponentModel;
using Spectre.Console.Cli;

namespace Pipeline.Local.Commands;

public sealed class DlqReplaySettings : PipelineSettings
{
    [CommandOption("--all")]
    [Description("Replay every dead-lettered check.")]
    public bool All { get; init; }

    [CommandArgument(0, "[ids]")]
    [Description("Ids from `dlq list` (dead-letter sequence numbers on Service Bus, poison message ids on Storage).")]
    public string[] Ids { get; init; } = [];

    public override Spectre.Console.ValidationResult Validate() =>
        All == (Ids.Length > 0)
            ? Spectre.Console.ValidationResult.Error("dlq replay takes either --all or one or more ids")
            : Spectre.Console.ValidationResult.Success();
}
