using Azure;
using CoP.Functions.Http;
using CoP.Shared.Documents;
using CoP.Shared.Topics;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Documents;

/// <summary>
/// GET /api/console/documents: the review queue (documents waiting for review, oldest first), then the published
/// documents, newest first, a page at a time (<c>?continuationToken=</c>), each linking to its console page.
/// <c>?done=approved|rejected|removed&amp;document=</c> names what was just done.
/// </summary>
public sealed class ShowConsoleDocumentsFunction(ConsoleGate gate, OperatorDocuments documents, DocumentCatalog catalog, TopicStore topics)
{
    private const int PageSize = 20;

    [Function(nameof(ShowConsoleDocuments))]
    public async Task<IResult> ShowConsoleDocuments(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/documents")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (await gate.AuthenticateAsync(request, cancellationToken) is not ConsoleSession.Open session)
        {
            return ConsoleGate.SignInRequired(request);
        }

        var pending = await documents.ListPendingReviewAsync(cancellationToken);
        var continuation = QueryParameters.Continuation(request, new FieldErrors());
        var (published, next) = await PublishedAsync(continuation, cancellationToken);
        var done = await DoneAsync(request, cancellationToken);
        var all = await topics.ListAllAsync(cancellationToken);
        var nextLink = QueryParameters.EncodeContinuation(next) is { } token ? $"{ConsoleGate.Home}/documents{QueryString.Create("continuationToken", token)}" : "";
        return ConsoleGate.Page(
            StatusCodes.Status200OK,
            "console-documents",
            session,
            language => DocumentsQueuePage.Model(pending, published, nextLink, continuation is null, done, all, language));
    }

    // A page link storage no longer accepts (or never issued) starts again from the newest.
    private async Task<(IReadOnlyList<PublishedDocument> Documents, string? ContinuationToken)> PublishedAsync(string? continuation, CancellationToken cancellationToken)
    {
        try
        {
            return await catalog.ListAsync(new DocumentFilter(), continuation, PageSize, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 400 && continuation is not null)
        {
            return await catalog.ListAsync(new DocumentFilter(), null, PageSize, cancellationToken);
        }
    }

    // The outcome ?done= names, when the document it names is in the state that outcome leaves (a query cannot make the page say anything else).
    private async Task<DocumentsQueuePage.Outcome?> DoneAsync(HttpRequest request, CancellationToken cancellationToken) =>
        request.Query["done"].ToString() is var kind && DocumentsQueuePage.Outcomes.TryGetValue(kind, out var status)
        && await documents.GetAsync(request.Query["document"].ToString(), cancellationToken) is { } document && document.Status == status
            ? new DocumentsQueuePage.Outcome(kind, document)
            : null;
}
