using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Documents;
using CoP.Shared.Topics;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Documents;

/// <summary>
/// POST /api/console/documents/{documentId}/review (<c>decision</c> = approve or reject, <c>note</c>): the decision of
/// POST /api/manage/documents/{documentId}/review, through the same service (the uploader is emailed the decision with the
/// note). The console asks for the note when rejecting: it is the reason the uploader reads. Audited as
/// <c>document.approve</c> or <c>document.reject</c>; 303 to the queue. A refused form comes back with its errors (400);
/// a document decided or changed meanwhile gets its page with a notice (409); an unknown id a 404 page.
/// </summary>
public sealed class ReviewConsoleDocumentFunction(ConsoleGate gate, OperatorDocuments documents, DocumentCatalog catalog, TopicStore topics)
{
    private const int MaxBodyBytes = 16 * 1024;

    [Function(nameof(ReviewConsoleDocument))]
    public async Task<IResult> ReviewConsoleDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/documents/{documentId}/review")] HttpRequest request,
        string documentId,
        CancellationToken cancellationToken)
    {
        return await gate.ReadFormAsync(request, MaxBodyBytes, cancellationToken) switch
        {
            ConsoleForm.Posted { Session: var session, Fields: var fields } => await ReviewAsync(session, documentId, fields, cancellationToken),
            ConsoleForm.Refused { Answer: var answer } => answer,
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> ReviewAsync(ConsoleSession.Open session, string documentId, IFormCollection fields, CancellationToken cancellationToken)
    {
        if (await documents.GetAsync(documentId, cancellationToken) is not { } document)
        {
            return DocumentPage.Missing(session);
        }

        var note = fields["note"].ToString();
        switch (Check(fields["decision"].ToString(), note))
        {
            case Validated<ReviewDecision>.Valid { Value: var decision }:
                return await catalog.ReviewAsync(document.DocumentId, decision, cancellationToken) switch
                {
                    ReviewResult.Published => await DoneAsync(session, document, "document.approve", "approved", cancellationToken),
                    ReviewResult.Rejected => await DoneAsync(session, document, "document.reject", "rejected", cancellationToken),
                    ReviewResult.NotFound => DocumentPage.Missing(session),
                    ReviewResult.NotPendingReview => await AgainAsync(session, document, DocumentPage.ReviewForm.Empty, StatusCodes.Status409Conflict, DocumentPage.Notices.NotPending, cancellationToken),
                    ReviewResult.Conflict => await AgainAsync(session, document, DocumentPage.ReviewForm.Empty, StatusCodes.Status409Conflict, DocumentPage.Notices.Changed, cancellationToken),
                    _ => throw new UnreachableException(),
                };
            case Validated<ReviewDecision>.Invalid { Errors: var errors }:
                var form = new DocumentPage.ReviewForm(DocumentPage.Bounded(note, DocumentRules.MaxNoteLength), errors);
                return await AgainAsync(session, document, form, StatusCodes.Status400BadRequest, DocumentPage.Notices.None, cancellationToken);
            default:
                throw new UnreachableException();
        }
    }

    // The rules of the JSON route, and a reason when rejecting: without one the uploader would not learn why.
    private static Validated<ReviewDecision> Check(string decision, string note) =>
        DocumentRules.CheckReview(decision, note) switch
        {
            Validated<ReviewDecision>.Valid { Value: { Approve: false, Note: null } } =>
                new Validated<ReviewDecision>.Invalid(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["note"] = ["Say why the document is rejected: the uploader reads it."] }),
            var result => result,
        };

    private async Task<IResult> DoneAsync(ConsoleSession.Open session, DocumentRecord document, string action, string outcome, CancellationToken cancellationToken)
    {
        await gate.RecordAsync(session, action, document.DocumentId, cancellationToken: cancellationToken);
        return HtmlPages.SeeOther($"{ConsoleGate.Home}/documents?done={outcome}&document={document.DocumentId}");
    }

    // The document as it is now, with the form or the notice.
    private async Task<IResult> AgainAsync(
        ConsoleSession.Open session, DocumentRecord before, DocumentPage.ReviewForm form, int status, string notice, CancellationToken cancellationToken)
    {
        var document = await documents.GetAsync(before.DocumentId, cancellationToken) ?? before;
        return DocumentPage.Show(status, session, document, await topics.ListAllAsync(cancellationToken), form, DocumentPage.TakedownForm.Empty, notice);
    }
}
