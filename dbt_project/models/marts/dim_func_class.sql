{{ classification_dim('func_classes', 'func_code') }}
