using AgentOps.Host.Cli;
using Microsoft.AspNetCore.Http;

namespace AgentOps.Host.Server.Api;

/// <summary>The API's answers: JSON in snake_case (the same shape as <c>--json</c>), and RFC 9457 problem details for every error.</summary>
public static class ApiResults
{
    /// <summary>200 with <paramref name="value"/> as JSON.</summary>
    public static IResult Ok(object value) => Results.Json(value, CliOutput.Json);

    /// <summary>400 problem details.</summary>
    public static IResult BadRequest(string detail, string title = "bad request") =>
        Results.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: title);

    /// <summary>404 problem details.</summary>
    public static IResult NotFound(string detail) =>
        Results.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "not found");

    /// <summary>403 problem details.</summary>
    public static IResult Forbidden(string detail) =>
        Results.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "forbidden");

    /// <summary>409 problem details.</summary>
    public static IResult Conflict(string detail, string title = "conflict") =>
        Results.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: title);
}
