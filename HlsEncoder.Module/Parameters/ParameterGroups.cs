using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Reflection;

namespace HlsEncoder.Module.Parameters;

/// <summary>
/// The shared parameter groups of one cmdlet instance (<see cref="SharedParametersAttribute"/>), offered
/// to PowerShell as runtime-defined parameters: each group property becomes a parameter with the
/// property's name, type and attributes, so binding, validation, tab completion, Get-Command and
/// Get-Help treat it like any other. Once bound, <see cref="Apply"/> copies the values given into the
/// groups; a parameter not given keeps the group's default.
/// </summary>
internal sealed class ParameterGroups
{
    private readonly Dictionary<Type, object> _groups = [];
    private readonly List<(object Group, PropertyInfo Property)> _properties = [];

    public ParameterGroups(Type cmdletType)
    {
        ArgumentNullException.ThrowIfNull(cmdletType);
        foreach (var type in cmdletType.GetCustomAttributes<SharedParametersAttribute>(inherit: true).SelectMany(a => a.Groups))
        {
            var group = Activator.CreateInstance(type) ?? throw new InvalidOperationException($"{type} cannot be created.");
            _groups.Add(type, group);
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.IsDefined(typeof(ParameterAttribute))))
            {
                _properties.Add((group, property));
                Parameters.Add(property.Name, new RuntimeDefinedParameter(
                    property.Name, property.PropertyType, new Collection<Attribute>(property.GetCustomAttributes(inherit: true).OfType<Attribute>().ToList())));
            }
        }
    }

    /// <summary>What IDynamicParameters.GetDynamicParameters returns: PowerShell binds the arguments into it.</summary>
    public RuntimeDefinedParameterDictionary Parameters { get; } = [];

    /// <summary>The group of type <typeparamref name="T"/>, or null when the cmdlet does not take it.</summary>
    public T? Find<T>()
        where T : class => _groups.TryGetValue(typeof(T), out var group) ? (T)group : null;

    /// <summary>Copies the arguments PowerShell bound into the groups' properties.</summary>
    public void Apply()
    {
        foreach (var (group, property) in _properties)
        {
            if (Parameters[property.Name] is { IsSet: true } bound)
            {
                property.SetValue(group, bound.Value is PSObject wrapped && !property.PropertyType.IsInstanceOfType(wrapped) ? wrapped.BaseObject : bound.Value);
            }
        }
    }
}
