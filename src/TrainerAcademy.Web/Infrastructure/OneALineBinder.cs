using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace TrainerAcademy.Infrastructure;

/// <summary>Binds a textarea with one entry a line to a list of the non-empty lines, trimmed.</summary>
public sealed class OneALineBinder : IModelBinder
{
    public Task BindModelAsync(ModelBindingContext context)
    {
        var value = context.ValueProvider.GetValue(context.ModelName);
        if (value == ValueProviderResult.None) return Task.CompletedTask;
        context.ModelState.SetModelValue(context.ModelName, value);
        IReadOnlyList<string> lines = string.Join("\n", value.Values.ToArray())
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        context.Result = ModelBindingResult.Success(lines);
        return Task.CompletedTask;
    }

    /// <summary>The textarea's text: what was posted when the form is shown again, else the list a line each.</summary>
    public static string Text(ModelStateDictionary state, string key, IEnumerable<string>? lines) =>
        state.TryGetValue(key, out var posted) && posted.AttemptedValue is { } text ? text : string.Join("\n", lines ?? []);
}
