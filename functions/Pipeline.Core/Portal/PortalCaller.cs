namespace Pipeline.Portal;

/// <summary>An authenticated caller: its stable id, the name recorded as uploader, and its grant.</summary>
public sealed record PortalCaller(string Id, string Name, CaseGrant Grant);
