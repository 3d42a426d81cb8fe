{{ classification_dim('econ_classes', 'econ_code') }}
