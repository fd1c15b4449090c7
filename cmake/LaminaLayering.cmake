# Fails configuration when a target that must stay free of the GUI and file-format stack
# (the engine) links or includes Qt, VTK or HDF5, directly or through an interface.
function(lamina_assert_clean_target target)
  set(forbidden "Qt[0-9]|VTK|vtk|hdf5|HDF5")
  foreach(property LINK_LIBRARIES INTERFACE_LINK_LIBRARIES INCLUDE_DIRECTORIES
                   INTERFACE_INCLUDE_DIRECTORIES)
    get_target_property(values ${target} ${property})
    if(NOT values)
      continue()
    endif()
    foreach(value IN LISTS values)
      if(value MATCHES "${forbidden}")
        message(FATAL_ERROR "${target} must not depend on Qt, VTK or HDF5, "
                            "but its ${property} contains '${value}'")
      endif()
    endforeach()
  endforeach()
endfunction()
