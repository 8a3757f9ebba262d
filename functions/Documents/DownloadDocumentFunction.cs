using CoP.Functions.Http;
using CoP.Shared.Documents;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Documents;

/// <summary>
/// GET /api/documents/{documentId}/content: a 302 to a read SAS URL of the file valid for a few minutes, so the
/// bytes go straight from storage to the client; 404 for anything not published.
/// </summary>
public sealed class DownloadDocumentFunction(DocumentCatalog catalog)
{
    [Function(nameof(DownloadDocument))]
    public async Task<IResult> DownloadDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "documents/{documentId}/content")] HttpRequest request,
        string documentId,
        CancellationToken cancellationToken)
    {
        var url = await catalog.DownloadUrlAsync(documentId, cancellationToken);
        if (url is null)
        {
            return Problems.NotFound("There is no published document with this id.");
        }

        // The URL expires within minutes: no cache may keep the redirect longer.
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return TypedResults.Redirect(url.ToString());
    }
}
