namespace Pipeline.Portal;

/// <summary>What a handler needs of an HTTP request, whichever host received it.</summary>
/// <param name="Header">A request header's value, or null (names are case-insensitive).</param>
/// <param name="Path">The request path, for <c>instance</c> in problem details.</param>
/// <param name="Query">A query parameter's value, or null; null when the host passes none.</param>
public sealed record PortalRequest(Func<string, string?> Header, string Path, Func<string, string?>? Query = null);
