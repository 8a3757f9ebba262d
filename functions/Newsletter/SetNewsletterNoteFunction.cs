using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Newsletter;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Newsletter;

/// <summary>
/// PUT /api/manage/newsletter/note (function key): the editorial note of the next issue, <c>{"text": "..."}</c>;
/// empty text removes it. The next issue takes the note and clears it. GET answers the note waiting now.
/// </summary>
public sealed class SetNewsletterNoteFunction(NewsletterService newsletter)
{
    [Function(nameof(SetNewsletterNote))]
    public async Task<IResult> SetNewsletterNote(
        [HttpTrigger(AuthorizationLevel.Function, "put", "get", Route = "manage/newsletter/note")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (HttpMethods.IsGet(request.Method))
        {
            return TypedResults.Ok(new { text = await newsletter.GetNoteAsync(cancellationToken) });
        }

        return await JsonRequestBody.ReadAsync<NoteRequest>(request, 16 * 1024, cancellationToken) switch
        {
            RequestBody<NoteRequest>.Read { Value: var note } => await SetNoteAsync(note, cancellationToken),
            RequestBody<NoteRequest>.Refused { Problem: var problem } => problem,
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> SetNoteAsync(NoteRequest note, CancellationToken cancellationToken)
    {
        switch (NewsletterService.CheckNote(note.Text, "text"))
        {
            case Validated<string>.Valid { Value: var text }:
                await newsletter.SetNoteAsync(text, cancellationToken);
                return TypedResults.Ok(new { text = text.Length == 0 ? null : text });
            case Validated<string>.Invalid { Errors: var invalid }:
                return Problems.Validation(invalid);
            default:
                throw new UnreachableException();
        }
    }

    public sealed record NoteRequest(string? Text);
}
