using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Pipeline.Local.Commands;

public sealed class ServeSettings : PipelineSettings
{
    [CommandOption("--port <PORT>")]
    [Description("Port on 127.0.0.1 (default 7071, the Functions host's).")]
    [DefaultValue(7071)]
    public int Port { get; init; } = 7071;

    public override ValidationResult Validate() =>
        Port is < 1 or > 65535 ? ValidationResult.Error("--port must be 1-65535") : base.Validate();
}
