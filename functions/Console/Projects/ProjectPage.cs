using System.Globalization;
using CoP.Shared.Projects;
using CoP.Shared.Projects.Review;
using CoP.Shared.Templates;
using CoP.Shared.Topics;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Console.Projects;

/// <summary>
/// One project's page in the console, shared by the page and by the refusals of its forms: every field the owner gave
/// (encoded by the template), the exact point and the rounded one the public sees, the boundary's box, the review and its
/// note, the progress notes, the contact's member id (a link to the member's console page; never an address), and the
/// forms: the review (with the version the operator looked at) and, when the project lost its contact, the assignment.
/// </summary>
public static class ProjectPage
{
    /// <summary>Why the page is shown instead of the outcome.</summary>
    public static class Notices
    {
        public const string None = "";

        /// <summary>The owner (or another operator) changed the project since the page was loaded: look again, then decide.</summary>
        public const string Changed = "changed";

    }

    /// <summary>The review form's decision and note as posted, and its errors (by field: decision, note).</summary>
    public sealed record ReviewForm(string Decision, string Note, IReadOnlyDictionary<string, string[]> Errors)
    {
        public static readonly ReviewForm Empty = new("", "", new Dictionary<string, string[]>());
    }

    /// <summary>
    /// The contact form's value (a member id or an address) and why it was refused: <c>required</c>, <c>unknown</c> (no
    /// member of that id or address), <c>not-confirmed</c>, or empty.
    /// </summary>
    public sealed record ContactForm(string Contact, string Error)
    {
        public static readonly ContactForm Empty = new("", "");
    }

    /// <summary>Everything the page shows: the project as stored, its progress notes and the topics' names.</summary>
    public sealed record Content(StoredProject Stored, IReadOnlyList<ProjectProgress> Progress, IReadOnlyList<Topic> Topics, DateTimeOffset Now);

    /// <summary>The address of a project's page in the console.</summary>
    public static string Url(string projectId) => $"{ConsoleGate.Home}/projects/{Uri.EscapeDataString(projectId)}";

    /// <summary>The page, with empty forms and what <c>?done=</c> says was just done.</summary>
    public static IResult Show(ConsoleSession.Open session, Content content, string done = "") =>
        Show(StatusCodes.Status200OK, session, content, ReviewForm.Empty, ContactForm.Empty, Notices.None, done);

    /// <summary>The page with a form's values, its errors, or a notice.</summary>
    public static IResult Show(int status, ConsoleSession.Open session, Content content, ReviewForm review, ContactForm contact, string notice, string done = "")
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(review);
        ArgumentNullException.ThrowIfNull(contact);
        return ConsoleGate.Page(status, "console-project", session, language => new
        {
            Project = ProjectView.Of(content, language),
            Progress = content.Progress.OrderByDescending(note => note.Date).ThenByDescending(note => note.PostedAt).Select(note => new
            {
                Date = Date(note.Date),
                note.Language,
                Paragraphs = note.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                Documents = note.DocumentIds.Select(id => new { DocumentId = id, Url = $"{ConsoleGate.Home}/documents/{id}" }).ToArray(),
                AuthorMemberId = note.AuthorMemberId ?? "",
                Posted = ConsoleFormat.Time(note.PostedAt, language),
            }).ToArray(),
            Version = content.Stored.Version,
            // Approve what is not approved as it stands; reject what is not rejected (an approved project leaves the map).
            CanApprove = content.Stored.Project is not { Review: ProjectReview.Approved, EditedSinceReview: false },
            CanReject = content.Stored.Project.Review != ProjectReview.Rejected,
            NoteMaxLength = ProjectReviewRules.MaxNoteLength,
            Review = new
            {
                review.Note,
                DecisionError = review.Errors.ContainsKey("decision"),
                NoteError = NoteError(review),
                HasErrors = review.Errors.Count > 0,
            },
            Contact = new { Value = contact.Contact, contact.Error },
            Notice = notice,
            Done = done,
        });
    }

    /// <summary>The page for an id that names no project (404).</summary>
    public static IResult Missing(ConsoleSession.Open session) =>
        ConsoleGate.Page(StatusCodes.Status404NotFound, "console-project-missing", session, _ => new Dictionary<string, object?>());

    /// <summary>A refused value as its field shows it back: never more of it than the field allows.</summary>
    public static string Bounded(string value, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length <= maxLength ? value : value[..maxLength];
    }

    // Why the note was refused, as the template words it: none given to a rejection, one given to an approval, or too long or not plain text.
    private static string NoteError(ReviewForm review) =>
        !review.Errors.ContainsKey("note") ? ""
        : review.Note.Trim().Length == 0 ? "required"
        : review.Decision == "approve" ? "not-with-approval"
        : "invalid";

    internal static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    internal static string Number(double? value, string language) => value?.ToString("#,0.##", CultureInfo.GetCultureInfo(language)) ?? "";

    internal static string Degrees(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    internal static string PublicPage(Project project) => project.IsPublic ? $"{PageLinks.Base}/projects/{Uri.EscapeDataString(project.ProjectId)}" : "";
}
