using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Newsletter;
using CoP.Shared.Newsletter.Issues;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Newsletter;

/// <summary>
/// POST /api/console/newsletter/note: sets the editorial note of the next issue (field <c>note</c>; empty clears it),
/// with the rules of PUT /api/manage/newsletter/note; audited as <c>newsletter.note</c>. A refused note comes back in
/// its field with the error (400).
/// </summary>
public sealed class SaveConsoleNewsletterNoteFunction(
    ConsoleGate gate, NewsletterService newsletter, NewsletterIssueStore store, NewsletterSchedule schedule, TimeProvider time)
{
    // The longest note (4000 characters, up to 4 UTF-8 bytes each once encoded) and the form token fit.
    private const int MaxBodyBytes = 64 * 1024;

    [Function(nameof(SaveConsoleNewsletterNote))]
    public async Task<IResult> SaveConsoleNewsletterNote(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/newsletter/note")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        return await gate.ReadFormAsync(request, MaxBodyBytes, cancellationToken) switch
        {
            ConsoleForm.Posted { Session: var session, Fields: var fields } => await SaveAsync(session, fields["note"].ToString(), cancellationToken),
            ConsoleForm.Refused { Answer: var answer } => answer,
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> SaveAsync(ConsoleSession.Open session, string note, CancellationToken cancellationToken)
    {
        switch (NewsletterService.CheckNote(note, "note"))
        {
            case Validated<string>.Valid { Value: var text }:
                await newsletter.SetNoteAsync(text, cancellationToken);
                await gate.RecordAsync(session, "newsletter.note", "editorial-note", text.Length == 0 ? "cleared" : "set", cancellationToken);
                return HtmlPages.SeeOther($"{ConsoleGate.Home}/newsletter?noted=1");
            case Validated<string>.Invalid { Errors: var errors }:
                var figures = await NewsletterPage.ReadAsync(newsletter, store, schedule, time, cancellationToken);

                // The refused note is shown back in its field, but never more of it than the field allows.
                var form = new NewsletterPage.NoteForm(note.Length <= NewsletterService.MaxNoteLength ? note : note[..NewsletterService.MaxNoteLength], errors["note"][0]);
                return ConsoleGate.Page(StatusCodes.Status400BadRequest, "console-newsletter", session, language => NewsletterPage.Model(figures, form, outcome: null, language));
            default:
                throw new UnreachableException();
        }
    }
}
