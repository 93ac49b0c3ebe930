namespace Pipeline.Portal;

/// <summary>A local caller: its name (recorded as the uploader), its key, and the cases it may use (see <see cref="CaseGrant"/>).</summary>
public sealed class PortalDevKey
{
    public string Name { get; set; } = "";

    public string Key { get; set; } = "";

    public string Cases { get; set; } = "";
}
