namespace Pipeline.Local.Cli;

/// <summary>
/// The options every command takes (<c>--connection</c>, <c>-v|--verbose</c>) may also come before the command:
/// Spectre.Console.Cli binds options to the command they follow, so those are moved to just after it.
/// </summary>
public static class GlobalOptions
{
    private const string Connection = "--connection";

    public static string[] Hoist(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var leading = new List<string>();
        var i = 0;
        while (i < args.Count)
        {
            var arg = args[i];
            if (arg is "-v" or "--verbose" || arg.StartsWith(Connection + "=", StringComparison.Ordinal))
            {
                leading.Add(arg);
                i++;
            }
            else if (arg == Connection && i + 1 < args.Count)
            {
                leading.Add(arg);
                leading.Add(args[i + 1]);
                i += 2;
            }
            else
            {
                break;
            }
        }

        // Nothing to move, or no command after them (a lone "-v" is Spectre's --version): leave as given.
        if (leading.Count == 0 || i >= args.Count || args[i].StartsWith('-'))
        {
            return [.. args];
        }

        return [args[i], .. leading, .. args.Skip(i + 1)];
    }

    /// <summary>The <c>--connection</c> value on the command line, if any (for messages written before settings are bound).</summary>
    public static string? ConnectionFrom(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == Connection && i + 1 < args.Count)
            {
                return args[i + 1];
            }

            if (args[i].StartsWith(Connection + "=", StringComparison.Ordinal))
            {
                return args[i][(Connection.Length + 1)..];
            }
        }

        return null;
    }

    public static bool VerboseIn(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args.Any(a => a is "-v" or "--verbose");
    }
}
