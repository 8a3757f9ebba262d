using CoP.Shared.Topics;

namespace CoP.Functions.Console.Topics;

/// <summary>The model of the console's topics page, shared by the page and by the form's refusal.</summary>
public static class TopicsPage
{
    /// <summary>The add-or-rename form's values and errors (by field: slug, name, description).</summary>
    public sealed record Form(string Slug, string Name, string Description, IReadOnlyDictionary<string, string[]> Errors)
    {
        public static readonly Form Empty = new("", "", "", new Dictionary<string, string[]>());
    }

    /// <summary>What was just done: <c>saved</c> or <c>retired</c>, and the topic's name.</summary>
    public sealed record Outcome(string Kind, string Name);

    public static object Model(IReadOnlyList<Topic> topics, Form form, Outcome? done) => new
    {
        Topics = topics.Select(topic => new { topic.Slug, topic.Name, Description = topic.Description ?? "", topic.Retired }).ToArray(),
        Form = new
        {
            form.Slug,
            form.Name,
            form.Description,
            SlugError = Error(form, "slug"),
            NameError = Error(form, "name"),
            DescriptionError = Error(form, "description"),
            HasErrors = form.Errors.Count > 0,
        },
        Saved = done?.Kind == "saved" ? done.Name : "",
        Retired = done?.Kind == "retired" ? done.Name : "",
    };

    private static string Error(Form form, string field) => form.Errors.TryGetValue(field, out var messages) ? messages[0] : "";
}
