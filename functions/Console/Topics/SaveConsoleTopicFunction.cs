using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Topics;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Topics;

/// <summary>
/// POST /api/console/topics: adds a topic, renames one (same slug), or offers a retired one again, with the rules of
/// PUT /api/manage/topics/{slug}; audited as <c>topic.save</c>. A refused form comes back with its errors (400).
/// </summary>
public sealed class SaveConsoleTopicFunction(ConsoleGate gate, TopicStore topics)
{
    private const int MaxBodyBytes = 8 * 1024;

    [Function(nameof(SaveConsoleTopic))]
    public async Task<IResult> SaveConsoleTopic(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/topics")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        return await gate.ReadFormAsync(request, MaxBodyBytes, cancellationToken) switch
        {
            ConsoleForm.Posted { Session: var session, Fields: var fields } => await SaveAsync(session, fields, cancellationToken),
            ConsoleForm.Refused { Answer: var answer } => answer,
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> SaveAsync(ConsoleSession.Open session, IFormCollection fields, CancellationToken cancellationToken)
    {
        string slug = fields["slug"].ToString().Trim(), name = fields["name"].ToString(), description = fields["description"].ToString();
        var slugError = TopicRules.IsValidSlug(slug) ? null : "A slug is 2-64 lowercase letters and digits in words joined by single hyphens.";
        switch (TopicRules.Check(name, description))
        {
            case Validated<TopicDraft>.Valid { Value: var draft } when slugError is null:
                var saved = await topics.UpsertAsync(slug, draft.Name, draft.Description, cancellationToken);
                await gate.RecordAsync(session, "topic.save", slug, saved is TopicUpsert.Created ? "created" : "updated", cancellationToken);
                return HtmlPages.SeeOther($"{ConsoleGate.Home}/topics?saved={Uri.EscapeDataString(slug)}");
            case Validated<TopicDraft> result:
                var errors = new Dictionary<string, string[]>(result is Validated<TopicDraft>.Invalid { Errors: var invalid } ? invalid : new Dictionary<string, string[]>(), StringComparer.Ordinal);
                if (slugError is not null)
                {
                    errors["slug"] = [slugError];
                }

                var all = await topics.ListAllAsync(cancellationToken);
                var form = new TopicsPage.Form(Bounded(slug), Bounded(name), Bounded(description), errors);
                return ConsoleGate.Page(StatusCodes.Status400BadRequest, "console-topics", session, _ => TopicsPage.Model(all, form, done: null));
            default:
                throw new UnreachableException();
        }
    }

    // A refused value is shown back in its field, but never more of it than the field allows.
    private static string Bounded(string value) => value.Length <= TopicRules.MaxDescriptionLength ? value : value[..TopicRules.MaxDescriptionLength];
}
