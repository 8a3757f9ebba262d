using System.Reflection;
using CoP.Functions.Http;
using CoP.Tests.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace CoP.Tests.Browser;

/// <summary>
/// Every HTTP function of the CoP.Functions assembly on its route under <c>/api/</c> (host.json's routePrefix), answered
/// as the Functions host and worker answer it: the function key checked for Function and Admin routes, then the worker
/// middleware in Program.cs's order around the function, whose <see cref="IResult"/> is executed on the request.
/// </summary>
internal static class HttpFunctionRoutes
{
    public const string RoutePrefix = "api";

    /// <summary>The HTTP functions: public methods with <c>[Function]</c> and one <c>[HttpTrigger]</c> HttpRequest parameter.</summary>
    public static IReadOnlyList<HttpFunction> Discover() =>
        [.. from type in typeof(HttpExceptionMiddleware).Assembly.GetExportedTypes()
            from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            let function = method.GetCustomAttribute<FunctionAttribute>()
            let trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).SingleOrDefault(a => a is not null)
            where function is not null && trigger is not null
            select new HttpFunction(function.Name, type, method, trigger)];

    /// <summary>Maps every HTTP function; <paramref name="app"/> is read per request (the host starts before its app exists).</summary>
    public static void Map(IEndpointRouteBuilder endpoints, Func<TestApp> app, string functionKey)
    {
        foreach (var function in Discover())
        {
            var pattern = $"/{RoutePrefix}/{function.Trigger.Route ?? function.Name}";
            RequestDelegate handler = context => InvokeAsync(context, function, app(), functionKey);
            var endpoint = function.Trigger.Methods is { Length: > 0 } methods
                ? endpoints.MapMethods(pattern, [.. methods.Select(m => m.ToUpperInvariant())], handler)
                : endpoints.Map(pattern, handler);
            endpoint.WithDisplayName(function.Name);
        }
    }

    private static async Task InvokeAsync(HttpContext http, HttpFunction function, TestApp app, string functionKey)
    {
        if (function.Trigger.AuthLevel is AuthorizationLevel.Function or AuthorizationLevel.Admin && !HasKey(http.Request, functionKey))
        {
            // The Functions host refuses before the worker runs: no body, no worker middleware.
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        // The worker runs each invocation in a scope of its own.
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        http.RequestServices = services;
        var context = new TestFunctionContext(function.Name, services, http);
        var securityHeaders = ActivatorUtilities.CreateInstance<SecurityHeadersMiddleware>(services);
        var exceptions = ActivatorUtilities.CreateInstance<HttpExceptionMiddleware>(services);
        IResult? result = null;

        await securityHeaders.Invoke(context, c => exceptions.Invoke(c, async _ => result = await RunAsync(function, services, http, context)));

        // As in the ASP.NET Core integration: the result is executed once the worker middleware has returned.
        if (result is not null)
        {
            await result.ExecuteAsync(http);
        }
    }

    private static async Task<IResult> RunAsync(HttpFunction function, IServiceProvider services, HttpContext http, FunctionContext context)
    {
        var instance = function.Method.IsStatic ? null : ActivatorUtilities.CreateInstance(services, function.Type);
        var arguments = function.Method.GetParameters().Select(p => Bind(p, http, context)).ToArray();
        var returned = function.Method.Invoke(instance, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null);
        if (returned is Task task)
        {
            await task;
            returned = task.GetType().GetProperty(nameof(Task<>.Result))?.GetValue(task);
        }

        return returned as IResult
            ?? throw new NotSupportedException($"{function.Name} returned {returned?.GetType().Name ?? "nothing"}; the test host executes IResult answers only.");
    }

    private static object? Bind(ParameterInfo parameter, HttpContext http, FunctionContext context) => parameter.ParameterType switch
    {
        var type when type == typeof(HttpRequest) => http.Request,
        var type when type == typeof(CancellationToken) => http.RequestAborted,
        var type when type == typeof(FunctionContext) => context,
        var type when type == typeof(string) => http.GetRouteValue(parameter.Name!) as string,
        var type => throw new NotSupportedException($"The test host cannot bind parameter {parameter.Name} ({type.Name})."),
    };

    private static bool HasKey(HttpRequest request, string functionKey) =>
        request.Headers["x-functions-key"].FirstOrDefault() == functionKey || request.Query["code"].FirstOrDefault() == functionKey;
}

/// <summary>One HTTP function: its name, class, method and trigger.</summary>
internal sealed record HttpFunction(string Name, Type Type, MethodInfo Method, HttpTriggerAttribute Trigger);
