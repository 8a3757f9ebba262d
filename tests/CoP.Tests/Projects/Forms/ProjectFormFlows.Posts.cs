using CoP.Functions.Projects.Forms;
using CoP.Tests.Http;
using CoP.Tests.Members;
using CoP.TestSupport;
using Microsoft.AspNetCore.Http;

namespace CoP.Tests.Projects.Forms;

/// <summary>The forms' posts (see the other part).</summary>
internal static partial class ProjectFormFlows
{
    /// <summary>
    /// A browser's post of a project form page's form to <paramref name="path"/>, with the session's anti-forgery field
    /// unless <paramref name="fields"/> carries one of its own; repeated fields as a list of pairs.
    /// </summary>
    public static Task<TestResponse> PostAsync(
        TestApp app, string path, IEnumerable<KeyValuePair<string, string>> fields, (string Name, string Value) session, bool withFormToken = true)
    {
        var all = withFormToken ? fields.Append(KeyValuePair.Create("formToken", MemberPageFlows.FormToken(session.Value))) : fields;
        var request = MemberPageFlows.BrowserPost(app, path, all, session);
        return Route(app, request, path);
    }

    private static Task<TestResponse> Route(TestApp app, HttpRequest request, string path)
    {
        var projectId = ProjectIdOf(path);
        return path switch
        {
            _ when projectId is null => Run<SubmitProjectFromPageFunction>(app, request, (f, r) => f.SubmitProjectFromPage(r, Ct)),
            _ when path.EndsWith("/edit", StringComparison.Ordinal) => Run<UpdateProjectFromPageFunction>(app, request, (f, r) => f.UpdateProjectFromPage(r, projectId, Ct)),
            _ when path.EndsWith("/confirm", StringComparison.Ordinal) => Run<ConfirmProjectFromPageFunction>(app, request, (f, r) => f.ConfirmProjectFromPage(r, projectId, Ct)),
            _ => Run<AddProjectUpdateFromPageFunction>(app, request, (f, r) => f.AddProjectUpdateFromPage(r, projectId, Ct)),
        };
    }

    private static Task<TestResponse> Run<T>(TestApp app, HttpRequest request, Func<T, HttpRequest, Task<IResult>> call) =>
        WorkerPipeline.RunAsync(app, request, r => call(app.Function<T>(), r), typeof(T).Name.Replace("Function", "", StringComparison.Ordinal));
}
