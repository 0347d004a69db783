// Redux store with persistence and developer tooling.
import AsyncStorage from '@react-native-async-storage/async-storage';
import { applyMiddleware, combineReducers, createStore } from 'redux';
import logger from 'redux-logger';
import { persistReducer, persistStore } from 'redux-persist';
import thunk from 'redux-thunk';
import { startNetworkLogging } from 'react-native-network-logger';
import { MMKV } from 'react-native-mmkv';
import { authReducer, cartReducer, settingsReducer } from './reducers';

// Network inspector left on in release builds (rn-network-logger-release).
startNetworkLogging();

// Safe twin: only in development.
if (__DEV__) {
	startNetworkLogging({ maxRequests: 100 });
}

const rootReducer = combineReducers({ auth: authReducer, cart: cartReducer, settings: settingsReducer });

// The auth slice (tokens, profile) is persisted to AsyncStorage (rn-persisted-state-unencrypted).
const persistConfig = { key: 'root', storage: AsyncStorage, whitelist: ['auth', 'cart'] };
// Safe twin: only the cart and settings are persisted; tokens live in expo-secure-store.
const safePersistConfig = { key: 'root-v2', storage: AsyncStorage, whitelist: ['cart', 'settings'] };

export const legacyStore = createStore(persistReducer(persistConfig, rootReducer), applyMiddleware(thunk, logger));
export const store = createStore(persistReducer(safePersistConfig, rootReducer), applyMiddleware(thunk, ...(__DEV__ ? [logger] : [])));
export const persistor = persistStore(store);

// MMKV without an encryption key holding the session (rn-persisted-state-unencrypted).
export const sessionCache = new MMKV({ id: 'session' });
// Safe twin: preferences only.
export const uiCache = new MMKV({ id: 'ui-preferences' });
