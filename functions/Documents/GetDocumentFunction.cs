using CoP.Functions.Http;
using CoP.Shared.Documents;
using CoP.Shared.Topics;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Documents;

/// <summary>
/// GET /api/documents/{documentId}: a published document's metadata; anything else is 404. A browser gets the
/// document's page, with its download button.
/// </summary>
public sealed class GetDocumentFunction(DocumentCatalog catalog, TopicStore topics)
{
    [Function(nameof(GetDocument))]
    public async Task<IResult> GetDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "documents/{documentId}")] HttpRequest request,
        string documentId,
        CancellationToken cancellationToken)
    {
        var document = await catalog.GetPublishedAsync(documentId, cancellationToken);
        return (document, HtmlPages.PrefersHtml(request)) switch
        {
            (null, true) => DocumentPages.NotFound(),
            (null, false) => Problems.NotFound("There is no published document with this id."),
            ({ } found, true) => DocumentPages.Show(found, await topics.ListActiveAsync(cancellationToken)),
            ({ } found, false) => TypedResults.Ok(DocumentResponse.From(found)),
        };
    }
}
