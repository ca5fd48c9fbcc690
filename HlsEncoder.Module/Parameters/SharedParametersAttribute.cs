namespace HlsEncoder.Module.Parameters;

/// <summary>
/// Names the parameter groups a cmdlet takes besides its own parameters. A group is a class in this
/// folder whose properties carry [Parameter] and the usual validation, completion and transformation
/// attributes: an option that several cmdlets share (-Quality, -Model, -LogPath) is declared once, in
/// its group, and every cmdlet that lists the group gets it, with the same rules and the same help.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class SharedParametersAttribute(params Type[] groups) : Attribute
{
    public IReadOnlyList<Type> Groups { get; } = groups;
}
