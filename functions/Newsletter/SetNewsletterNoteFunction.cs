using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Newsletter;
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
        var text = (note.Text ?? "").Trim();
        if (text.Length > NewsletterService.MaxNoteLength)
        {
            return Problems.Validation("text", $"The note can be at most {NewsletterService.MaxNoteLength} characters long.");
        }

        if (text.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
        {
            return Problems.Validation("text", "The note cannot contain control characters.");
        }

        await newsletter.SetNoteAsync(text, cancellationToken);
        return TypedResults.Ok(new { text = text.Length == 0 ? null : text });
    }

    public sealed record NoteRequest(string? Text);
}
