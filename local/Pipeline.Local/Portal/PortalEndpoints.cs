using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Portal;

namespace Pipeline.Local.Portal;

/// <summary>The portal API on Kestrel: the same routes and handlers as the Functions app's HTTP triggers.</summary>
public static class PortalEndpoints
{
    public static IEndpointRouteBuilder MapPortal(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost("/api/cases/{caseId}/uploads", context =>
            RespondAsync(context, Handler<UploadsHandler>(context).CreateAsync(Request(context), Route(context, "caseId"), context.Request.Body, context.RequestAborted)));
        endpoints.MapGet("/api/cases/{caseId}/uploads/{uploadId}", context =>
            RespondAsync(context, Handler<UploadsHandler>(context).GetAsync(Request(context), Route(context, "caseId"), Route(context, "uploadId"), context.RequestAborted)));
        endpoints.MapGet("/api/cases/{caseId}/documents", context =>
            RespondAsync(context, Handler<DocumentsHandler>(context).ListAsync(Request(context), Route(context, "caseId"), context.RequestAborted)));
        endpoints.MapGet("/api/cases/{caseId}/documents/{documentId}", context =>
            RespondAsync(context, Handler<DocumentsHandler>(context).GetAsync(Request(context), Route(context, "caseId"), Route(context, "documentId"), context.RequestAborted)));
        endpoints.MapGet("/api/cases/{caseId}/documents/{documentId}/content", context =>
            RespondAsync(context, Handler<ContentHandler>(context).GetAsync(Request(context), Route(context, "caseId"), Route(context, "documentId"), context.RequestAborted)));
        endpoints.MapGet("/api/cases/{caseId}/manifest", context =>
            RespondAsync(context, Handler<ReceiptsHandler>(context).ManifestAsync(Request(context), Route(context, "caseId"), context.RequestAborted)));
        endpoints.MapGet("/api/cases/{caseId}/documents/{documentId}/receipt", context =>
            RespondAsync(context, Handler<ReceiptsHandler>(context).ReceiptAsync(Request(context), Route(context, "caseId"), Route(context, "documentId"), context.RequestAborted)));
        endpoints.MapGet("/api/cases/{caseId}/documents/{documentId}/proof", context =>
            RespondAsync(context, Handler<ReceiptsHandler>(context).ProofAsync(Request(context), Route(context, "caseId"), Route(context, "documentId"), context.RequestAborted)));
        endpoints.MapGet("/api/cases/{caseId}/hold", context =>
            RespondAsync(context, Handler<LegalHoldHandler>(context).GetAsync(Request(context), Route(context, "caseId"), context.RequestAborted)));
        endpoints.MapPut("/api/cases/{caseId}/hold", context =>
            RespondAsync(context, Handler<LegalHoldHandler>(context).SetAsync(Request(context), Route(context, "caseId"), context.Request.Body, context.RequestAborted)));
        endpoints.MapDelete("/api/cases/{caseId}/hold", context =>
            RespondAsync(context, Handler<LegalHoldHandler>(context).ClearAsync(Request(context), Route(context, "caseId"), context.Request.Body, context.RequestAborted)));
        endpoints.MapPost("/api/cases/{caseId}/documents/{documentId}/disposal", context =>
            RespondAsync(context, Handler<DisposalHandler>(context).DisposeAsync(Request(context), Route(context, "caseId"), Route(context, "documentId"), context.Request.Body, context.RequestAborted)));
        endpoints.MapGet("/api/reconciliation", context =>
            RespondAsync(context, Handler<OperationsHandler>(context).GetAsync(Request(context), context.RequestAborted)));
        return endpoints;
    }

    private static T Handler<T>(HttpContext context)
        where T : notnull => context.RequestServices.GetRequiredService<T>();

    private static string Route(HttpContext context, string name) => context.Request.RouteValues[name] as string ?? "";

    private static PortalRequest Request(HttpContext context) => PortalHttpContext.Request(context);

    private static async Task RespondAsync(HttpContext context, Task<PortalResult> pending) =>
        await PortalHttpContext.RespondAsync(context, await pending);
}
