namespace Pipeline.Portal;

/// <summary>How a host authenticates portal API callers.</summary>
public enum PortalAuthentication
{
    /// <summary>App Service Authentication (Easy Auth) with Entra ID: the platform validates the token and passes the principal in <c>X-MS-CLIENT-PRINCIPAL</c>.</summary>
    EasyAuth,

    /// <summary>A configured key in <c>X-Pipeline-Key</c>: the local host only.</summary>
    DevKey,
}
